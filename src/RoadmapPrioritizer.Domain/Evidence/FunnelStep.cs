namespace RoadmapPrioritizer.Domain.Evidence;

/// <summary>
/// A step of the shop's funnel that people reach from the step before it: sessions, then product
/// views, add to cart, checkout started, checkout completed. An initiative that targets a step wants
/// more of the people at the step before to reach it.
/// </summary>
public enum FunnelStep
{
    ProductView,
    AddToCart,
    CheckoutStarted,
    CheckoutCompleted,
}

public static class FunnelSteps
{
    public static string Label(this FunnelStep step) => step switch
    {
        FunnelStep.ProductView => "Product view",
        FunnelStep.AddToCart => "Add to cart",
        FunnelStep.CheckoutStarted => "Checkout started",
        FunnelStep.CheckoutCompleted => "Checkout completed",
        _ => step.ToString(),
    };

    /// <summary>What the step before is called, e.g. "sessions" before a product view.</summary>
    public static string PreviousLabel(this FunnelStep step) => step switch
    {
        FunnelStep.ProductView => "Sessions",
        FunnelStep.AddToCart => "Product views",
        FunnelStep.CheckoutStarted => "Add to cart",
        _ => "Checkout started",
    };

    /// <summary>The transition in words: "Add to cart → Checkout started".</summary>
    public static string Transition(this FunnelStep step) => $"{step.PreviousLabel()} → {step.Label()}";

    /// <summary>How many reached the step on a day.</summary>
    public static long Count(this FunnelDay day, FunnelStep step) => step switch
    {
        FunnelStep.ProductView => day.ProductViews,
        FunnelStep.AddToCart => day.AddToCart,
        FunnelStep.CheckoutStarted => day.CheckoutStarted,
        _ => day.CheckoutCompleted,
    };

    /// <summary>How many were at the step before on a day (sessions before a product view).</summary>
    public static long PreviousCount(this FunnelDay day, FunnelStep step) => step switch
    {
        FunnelStep.ProductView => day.Sessions,
        FunnelStep.AddToCart => day.ProductViews,
        FunnelStep.CheckoutStarted => day.AddToCart,
        _ => day.CheckoutStarted,
    };

    public static FunnelStep? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var key = new string(text.Where(char.IsLetterOrDigit).ToArray());
        foreach (var step in Enum.GetValues<FunnelStep>())
        {
            if (string.Equals(step.ToString(), key, StringComparison.OrdinalIgnoreCase))
            {
                return step;
            }
        }

        return null;
    }

    public static string Expected { get; } = string.Join(", ", Enum.GetNames<FunnelStep>());
}
