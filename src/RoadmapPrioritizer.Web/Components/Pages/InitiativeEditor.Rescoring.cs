using System.Globalization;
using Microsoft.AspNetCore.Components;
using RoadmapPrioritizer.Domain.Evidence;
using RoadmapPrioritizer.Domain.Rescoring;
using RoadmapPrioritizer.Infrastructure.Rescoring;
using RoadmapPrioritizer.Infrastructure.Scheduling;
using RoadmapPrioritizer.Web.Components.Shared;
using RoadmapPrioritizer.Web.Security;

namespace RoadmapPrioritizer.Web.Components.Pages;

/// <summary>The initiative page's evidence link, input locks and score history.</summary>
public sealed partial class InitiativeEditor
{
    private InitiativeRescoring? _rescoring;
    private IReadOnlyDictionary<string, string[]> _evidenceErrors = new Dictionary<string, string[]>();
    private IReadOnlyDictionary<string, string[]> _lockErrors = new Dictionary<string, string[]>();
    private ScoreInput? _lockErrorsFor;

    [Inject]
    private RescoreViews Rescoring { get; set; } = default!;

    [Inject]
    private EvidenceLinkService Links { get; set; } = default!;

    [Inject]
    private RescoreOperations RescoreNow { get; set; } = default!;

    /// <summary>The run this page started (after its redirect), to say so.</summary>
    [SupplyParameterFromQuery(Name = "rescoring")]
    private long? RescoreStarted { get; set; }

    private string? _rescoreRefused;

    [SupplyParameterFromQuery(Name = "linked")]
    private bool Linked { get; set; }

    [SupplyParameterFromQuery(Name = "locked")]
    private bool LockSaved { get; set; }

    [SupplyParameterFromForm(FormName = "evidence")]
    private EvidenceForm? EvidenceLinkForm { get; set; }

    [SupplyParameterFromForm]
    private LockForm? Lock { get; set; }

    private async Task LoadRescoringAsync()
    {
        _rescoring = Id is { } id ? await Rescoring.ForInitiativeAsync(id, CancellationToken.None) : null;
        EvidenceLinkForm ??= EvidenceForm.From(_rescoring?.Evidence.Link);
    }

    /// <summary>The input as the rescore holds it (derived or locked), or null when a person enters it here.</summary>
    private InputView? Held(ScoreInput input) =>
        _rescoring?.Inputs.FirstOrDefault(v => v.Input == input && v.Origin != InputOrigin.Manual);

    /// <summary>Inputs the rescore holds keep their stored value whatever the edit form posts: the form never fights the rescore.</summary>
    private void KeepHeldInputs()
    {
        if (_scored is not { } scored)
        {
            return;
        }

        var i = scored.Initiative;
        Form!.Reach = Held(ScoreInput.Reach) is null ? Form.Reach : Display.Exact(i.Reach.Value);
        Form.Impact = Held(ScoreInput.Impact) is null ? Form.Impact : Display.Exact(i.Impact.Value);
        Form.Confidence = Held(ScoreInput.Confidence) is null ? Form.Confidence : Display.Exact(i.Confidence.Value);
        Form.Effort = Held(ScoreInput.Effort) is null ? Form.Effort : Display.Exact(i.Effort.Value);
    }

    private async Task SaveEvidenceAsync()
    {
        if (!await Current.EnsureAsync(Policies.Edit))
        {
            _evidenceErrors = Forbidden;
            return;
        }

        var (definition, errors) = EvidenceLinkForm!.ToDefinition();
        if (definition is null)
        {
            _evidenceErrors = errors;
            return;
        }

        var outcome = await Links.SetAsync(Id!.Value, definition, CancellationToken.None);
        if (outcome.IsOk)
        {
            Navigation.NavigateTo($"/initiatives/{Id}?linked=true#evidence");
        }

        _evidenceErrors = outcome.Errors;
    }

    /// <summary>
    /// "Rescore now" for whoever edits the link, so a product manager can see what it derives without
    /// waiting for the night (the same run as the jobs page starts). Redirects, so a reload starts nothing.
    /// </summary>
    private async Task RescoreNowAsync()
    {
        if (!await Current.EnsureAsync(Policies.Edit))
        {
            _rescoreRefused = "Your role does not allow starting a rescore.";
            return;
        }

        var result = await RescoreNow.RunNowAsync(Current.Principal.Identity?.Name, CancellationToken.None);
        switch (result.Status)
        {
            case RunNowStatus.Started:
                Navigation.NavigateTo($"/initiatives/{Id}?rescoring={result.RunId}#evidence");
                break;
            case RunNowStatus.AlreadyRunning:
                _rescoreRefused = $"Rescore {result.RunId} is still under way; its results show here when it has finished.";
                break;
            default:
                _rescoreRefused = "Scheduling is switched off on this server (Scheduling:Enabled=false), so no rescore can be started; scores follow at the next nightly run.";
                break;
        }
    }

    private Task LockAsync(ScoreInput input) =>
        ChangeLockAsync(input, new LockInput(LockForm.Number(Lock?.Value), Lock?.Rationale));

    private Task UnlockAsync(ScoreInput input) => ChangeLockAsync(input, null);

    private async Task ChangeLockAsync(ScoreInput input, LockInput? change)
    {
        _lockErrorsFor = input;
        if (!await Current.EnsureAsync(Policies.Edit))
        {
            _lockErrors = Forbidden;
            return;
        }

        var outcome = await Links.SetLocksAsync(Id!.Value, new Dictionary<ScoreInput, LockInput?> { [input] = change }, Current.Principal.Identity?.Name ?? "unknown", CancellationToken.None);
        if (outcome.IsOk)
        {
            Navigation.NavigateTo($"/initiatives/{Id}?locked=true#score");
        }

        _lockErrors = outcome.Errors;
    }

    /// <summary>The errors of one lock form: "reach.value" is shown as "value" under that input's form.</summary>
    private Dictionary<string, string[]> LockErrors(ScoreInput input)
    {
        if (_lockErrorsFor != input)
        {
            return new Dictionary<string, string[]>();
        }

        var prefix = RescoreDisplay.Field(input) + ".";
        return _lockErrors.ToDictionary(e => e.Key.StartsWith(prefix, StringComparison.Ordinal) ? e.Key[prefix.Length..] : e.Key, e => e.Value);
    }

    /// <summary>"Line 3 (“free shipping”)" for "keywords[2]": which line of the box an error is about.</summary>
    private static string EvidenceLine(string field, string? text)
    {
        var open = field.IndexOf('[', StringComparison.Ordinal);
        if (open < 0 || !int.TryParse(field[(open + 1)..^1], CultureInfo.InvariantCulture, out var index))
        {
            return field;
        }

        var lines = EvidenceForm.Lines(text);
        return index < lines.Count ? $"Line {index + 1} (“{lines[index]}”)" : $"Line {index + 1}";
    }

    /// <summary>The errors of the evidence form's <paramref name="field"/> and its lines ("keywords", "keywords[2]"), in order.</summary>
    private IEnumerable<(string Field, string Message)> EvidenceErrors(string field) =>
        _evidenceErrors
            .Where(e => e.Key == field || e.Key.StartsWith(field + "[", StringComparison.Ordinal))
            .OrderBy(e => e.Key.Length).ThenBy(e => e.Key, StringComparer.Ordinal)
            .SelectMany(e => e.Value.Select(m => (e.Key, m)));
}

/// <summary>The evidence link form as posted: reasons and keywords one per line, survey types as checkboxes.</summary>
public sealed class EvidenceForm
{
    public string? Reasons { get; set; }

    public string? Keywords { get; set; }

    /// <summary>The checked survey types (name: "true"); null or empty when none is checked.</summary>
    public Dictionary<string, string>? Types { get; set; } = new(StringComparer.Ordinal);

    public string? FunnelStep { get; set; }

    public static EvidenceForm From(EvidenceLink? link) => new()
    {
        Reasons = link is null ? null : string.Join('\n', link.Reasons),
        Keywords = link is null ? null : string.Join('\n', link.Keywords),
        Types = (link?.SurveyTypes ?? []).ToDictionary(t => t.ToString(), _ => "true", StringComparer.Ordinal),
        FunnelStep = link?.FunnelStep?.ToString(),
    };

    public bool Has(SurveyType type) => Types?.ContainsKey(type.ToString()) == true;

    /// <summary>The non-blank lines, in order: "keywords[1]" is the second keyword written.</summary>
    public static IReadOnlyList<string> Lines(string? text) =>
        (text ?? string.Empty).Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList();

    public (EvidenceLinkDefinition? Definition, IReadOnlyDictionary<string, string[]> Errors) ToDefinition()
    {
        var types = new List<SurveyType>();
        foreach (var name in Types?.Keys ?? Enumerable.Empty<string>())
        {
            if (SurveyTypes.Parse(name) is not { } type)
            {
                return (null, new Dictionary<string, string[]> { ["surveyTypes"] = [$"'{name}' is not a survey type."] });
            }

            types.Add(type);
        }

        Domain.Evidence.FunnelStep? step = null;
        if (!string.IsNullOrWhiteSpace(FunnelStep))
        {
            step = FunnelSteps.Parse(FunnelStep);
            if (step is null)
            {
                return (null, new Dictionary<string, string[]> { ["funnelStep"] = [$"'{FunnelStep}' is not a funnel step."] });
            }
        }

        return (new EvidenceLinkDefinition(Lines(Reasons), Lines(Keywords), types, step), new Dictionary<string, string[]>());
    }
}

/// <summary>One input's lock form as posted.</summary>
public sealed class LockForm
{
    public string? Value { get; set; }

    public string? Rationale { get; set; }

    /// <summary>Blank is "missing"; text that is not a number becomes NaN, which the input's own check rejects.</summary>
    public static double? Number(string? text) =>
        string.IsNullOrWhiteSpace(text) ? null
        : double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value
        : double.NaN;
}
