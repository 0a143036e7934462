using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Components;
using RoadmapPrioritizer.Domain.Roadmap;
using RoadmapPrioritizer.Domain.Scoring;
using RoadmapPrioritizer.Infrastructure.Roadmap;
using RoadmapPrioritizer.Web.Components.Shared;
using RoadmapPrioritizer.Web.Security;

namespace RoadmapPrioritizer.Web.Components.Pages;

public sealed partial class InitiativeEditor
{
    private static readonly double[] ConfidencePresets = [1.0, 0.8, 0.5, 0.3, 0.1];

    private static readonly IReadOnlyDictionary<string, string[]> Forbidden =
        new Dictionary<string, string[]> { ["body"] = ["Your role does not allow this change."] };

    private IReadOnlyList<ThemeSummary> _themes = [];
    private IReadOnlyList<BrandCriterion> _criteria = [];
    private ScoredInitiative? _scored;
    private IReadOnlyList<Comment> _comments = [];
    private IReadOnlyDictionary<string, string[]> _errors = new Dictionary<string, string[]>();
    private bool _canEdit;
    private bool _canDecide;

    // Set when someone else saved first: what they changed, or why a park or delete was not done.
    private IReadOnlyList<string>? _theirChanges;
    private string? _refused;

    [Inject]
    private InitiativeService Initiatives { get; set; } = default!;

    [Inject]
    private RoadmapService Roadmap { get; set; } = default!;

    [Inject]
    private ThemeService Themes { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [Inject]
    private CurrentUser Current { get; set; } = default!;

    [Inject]
    private CommentService Comments { get; set; } = default!;

    [Parameter]
    public int? Id { get; set; }

    [SupplyParameterFromQuery(Name = "saved")]
    private bool Saved { get; set; }

    [SupplyParameterFromForm(FormName = "initiative")]
    private InitiativeForm? Form { get; set; }

    [SupplyParameterFromForm(FormName = "park", Name = "version")]
    private int? ParkVersion { get; set; }

    [SupplyParameterFromForm(FormName = "approve", Name = "version")]
    private int? ApproveVersion { get; set; }

    [SupplyParameterFromForm(FormName = "delete", Name = "version")]
    private int? DeleteVersion { get; set; }

    private bool IsNew => Id is null;

    protected override async Task OnInitializedAsync()
    {
        _canEdit = await Current.CanAsync(Policies.Edit);
        _canDecide = await Current.CanAsync(Policies.Decide);
        _themes = await Themes.ListAsync(CancellationToken.None);
        _criteria = await Roadmap.GetCriteriaAsync(CancellationToken.None);
        _scored = Id is { } id ? await Initiatives.GetAsync(id, CancellationToken.None) : null;
        if (!IsNew && _scored is null)
        {
            Navigation.NotFound();
            return;
        }

        _comments = _scored is null ? [] : await Comments.ListAsync(_scored.Initiative.Id, CancellationToken.None) ?? [];
        await LoadRescoringAsync();

        // A GET (or a park/delete post) shows what is stored; a post of this form shows what was sent.
        Form ??= _scored is null ? new InitiativeForm() : InitiativeForm.From(_scored.Initiative);
    }

    private async Task SaveAsync()
    {
        if (!await Current.EnsureAsync(Policies.Edit))
        {
            _errors = Forbidden;
            return;
        }

        KeepHeldInputs();
        var input = Form!.ToInput();
        var outcome = IsNew
            ? await Initiatives.CreateAsync(input, CancellationToken.None)
            : await Initiatives.UpdateAsync(Id!.Value, input, Form.StartedFromInput(), CancellationToken.None);
        if (outcome.IsOk)
        {
            Navigation.NavigateTo($"/initiatives/{outcome.Value!.Initiative.Id}?saved=true");
        }

        if (outcome.Status == OutcomeStatus.Stale)
        {
            // Keep what this person typed, now on top of what is stored: saving again is their informed choice.
            _scored = outcome.Value;
            _theirChanges = outcome.Errors.Values.SelectMany(m => m).ToList();
            Form.ContinueFrom(outcome.Value!.Initiative);
            return;
        }

        _errors = outcome.Errors;
    }

    private async Task ParkAsync()
    {
        if (!await Current.EnsureAsync(Policies.Decide))
        {
            _errors = Forbidden;
            return;
        }

        var outcome = await Initiatives.ParkAsync(Id!.Value, ParkVersion, CancellationToken.None);
        if (outcome.Status == OutcomeStatus.Stale)
        {
            _refused = "Someone else saved this initiative after you opened it, so it was not parked. It now reads as below; park it again if you still mean to.";
            return;
        }

        Navigation.NavigateTo($"/initiatives/{Id}?saved=true");
    }

    private async Task ApproveAsync()
    {
        if (!await Current.EnsureAsync(Policies.Decide))
        {
            _errors = Forbidden;
            return;
        }

        var outcome = await Initiatives.ApproveAsync(Id!.Value, ApproveVersion, CancellationToken.None);
        if (outcome.Status == OutcomeStatus.Stale)
        {
            _refused = "Someone else saved this initiative after you opened it, so it was not approved. It now reads as below; approve it again if you still mean to.";
            return;
        }

        if (!outcome.IsOk)
        {
            _refused = string.Join(" ", outcome.Errors.Values.SelectMany(m => m));
            return;
        }

        Navigation.NavigateTo($"/initiatives/{Id}?saved=true");
    }

    private async Task DeleteAsync()
    {
        if (!await Current.EnsureAsync(Policies.Edit))
        {
            _errors = Forbidden;
            return;
        }

        if (await Initiatives.DeleteAsync(Id!.Value, DeleteVersion, CancellationToken.None) == OutcomeStatus.Stale)
        {
            _refused = "Someone else saved this initiative after you opened it, so it was not deleted. It now reads as below; delete it again if you still mean to.";
            return;
        }

        Navigation.NavigateTo("/");
    }

    private string Css(string field, string baseClass = "form-control") =>
        _errors.ContainsKey(field) ? $"{baseClass} is-invalid" : baseClass;

    private IEnumerable<(string Value, string Label)> ConfidenceOptions()
    {
        var values = ConfidencePresets.ToList();
        if (double.TryParse(Form!.Confidence, NumberStyles.Float, CultureInfo.InvariantCulture, out var current) && !values.Contains(current))
        {
            values.Add(current);
        }

        return values.OrderByDescending(v => v).Select(v =>
        {
            var label = v switch
            {
                >= 1 => "high",
                >= 0.8 => "medium",
                >= 0.5 => "low",
                _ => "moonshot",
            };
            return (Display.Exact(v), $"{Display.Percent(v)} – {label}");
        });
    }
}

/// <summary>The edit form as posted: text, so a value that does not parse reaches the domain's own message.</summary>
public sealed class InitiativeForm
{
    public string? Title { get; set; }

    public string? Description { get; set; }

    public string? ThemeId { get; set; }

    public string? Horizon { get; set; } = nameof(Domain.Roadmap.Horizon.Short);

    public string? FunnelArea { get; set; }

    public string? Status { get; set; } = nameof(InitiativeStatus.Idea);

    public string? Owner { get; set; }

    public string? TargetKpi { get; set; }

    public string? Reach { get; set; }

    public string? Impact { get; set; } = "1";

    public string? Confidence { get; set; } = "0.8";

    public string? Effort { get; set; }

    /// <summary>Null when a post carries no rating fields at all.</summary>
    public Dictionary<string, string>? Ratings { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The version this form was loaded from: saving over a newer one is refused.</summary>
    public int? Version { get; set; }

    /// <summary>The stored values the form was loaded with (JSON), so a refused save can say what someone else changed.</summary>
    public string? StartedFrom { get; set; }

    public static InitiativeForm From(Initiative i) => new()
    {
        Title = i.Title,
        Description = i.Description,
        ThemeId = i.ThemeId.ToString(CultureInfo.InvariantCulture),
        Horizon = i.Horizon.ToString(),
        FunnelArea = i.FunnelArea?.ToString(),
        Status = i.Status.ToString(),
        Owner = i.Owner,
        TargetKpi = i.TargetKpi,
        Reach = Display.Exact(i.Reach.Value),
        Impact = Display.Exact(i.Impact.Value),
        Confidence = Display.Exact(i.Confidence.Value),
        Effort = Display.Exact(i.Effort.Value),
        Ratings = i.BrandRatings.ToDictionary(r => r.CriterionKey, r => r.Rating.ToString(CultureInfo.InvariantCulture), StringComparer.Ordinal),
        Version = i.Version,
        StartedFrom = JsonSerializer.Serialize(InitiativeInput.From(i)),
    };

    /// <summary>Keeps the values typed in, but from now on as an edit of <paramref name="current"/>.</summary>
    public void ContinueFrom(Initiative current)
    {
        Version = current.Version;
        StartedFrom = JsonSerializer.Serialize(InitiativeInput.From(current));
    }

    /// <summary>What the form was loaded with; null when the page did not send it or it was tampered with.</summary>
    public InitiativeInput? StartedFromInput()
    {
        try
        {
            return string.IsNullOrEmpty(StartedFrom) ? null : JsonSerializer.Deserialize<InitiativeInput>(StartedFrom);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public InitiativeInput ToInput() => new()
    {
        Title = Title ?? string.Empty,
        Description = Description ?? string.Empty,
        ThemeId = int.TryParse(ThemeId, CultureInfo.InvariantCulture, out var themeId) ? themeId : null,
        Horizon = Horizon ?? string.Empty,
        FunnelArea = FunnelArea ?? string.Empty,
        Status = Status ?? string.Empty,
        Owner = Owner ?? string.Empty,
        TargetKpi = TargetKpi ?? string.Empty,
        Reach = Number(Reach),
        Impact = Number(Impact),
        Confidence = Number(Confidence),
        Effort = Number(Effort),
        BrandAlignment = (Ratings ?? [])
            .Where(r => !string.IsNullOrWhiteSpace(r.Value))
            .ToDictionary(r => r.Key, r => Number(r.Value) ?? double.NaN, StringComparer.Ordinal),
        Version = Version,
    };

    /// <summary>Blank is "missing"; text that is not a number becomes NaN, which the domain rejects by name.</summary>
    private static double? Number(string? text) =>
        string.IsNullOrWhiteSpace(text) ? null
        : double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value
        : double.NaN;
}
