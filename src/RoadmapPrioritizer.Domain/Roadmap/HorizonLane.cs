namespace RoadmapPrioritizer.Domain.Roadmap;

/// <summary>A roadmap lane: one horizon and the KPI its initiatives are meant to move.</summary>
public sealed class HorizonLane
{
    public const int KpiMaxLength = 120;
    public const int KpiTargetMaxLength = 120;

    private HorizonLane(Horizon horizon, string kpi, string kpiTarget)
    {
        Horizon = horizon;
        Kpi = kpi;
        KpiTarget = kpiTarget;
    }

    public Horizon Horizon { get; private set; }

    public string Kpi { get; private set; }

    /// <summary>Free text such as "below 65%"; empty when no target is set.</summary>
    public string KpiTarget { get; private set; }

    public static IReadOnlyList<HorizonLane> Defaults() =>
    [
        new(Horizon.Short, "Cart abandonment rate", string.Empty),
        new(Horizon.Mid, "Product-page conversion rate", string.Empty),
        new(Horizon.Long, "Customer lifetime value", string.Empty),
    ];

    public static string? ValidateKpi(string? kpi) =>
        string.IsNullOrWhiteSpace(kpi) ? "KPI is required."
        : kpi.Trim().Length > KpiMaxLength ? $"KPI must be at most {KpiMaxLength} characters."
        : null;

    public static string? ValidateKpiTarget(string? target) =>
        target?.Trim().Length > KpiTargetMaxLength ? $"Target must be at most {KpiTargetMaxLength} characters." : null;

    public void SetKpi(string kpi, string? target)
    {
        DomainException.ThrowIfInvalid("kpi", ValidateKpi(kpi));
        DomainException.ThrowIfInvalid("kpiTarget", ValidateKpiTarget(target));
        Kpi = kpi.Trim();
        KpiTarget = target?.Trim() ?? string.Empty;
    }
}
