using System.Globalization;
using RoadmapPrioritizer.Domain.Roadmap;
using RoadmapPrioritizer.Domain.Scoring;

namespace RoadmapPrioritizer.Infrastructure.Roadmap;

/// <summary>
/// What differs, field by field, between the values an editor started from and the record as stored
/// now, keyed like validation errors: "reach" -> "Reach: 2,000 → 3,000 (changed by someone else)".
/// Only the fields the starting values carry are compared, so a partial API body is compared on what
/// it sends; values are compared exactly and only shown rounded.
/// </summary>
internal sealed class EditChanges
{
    private const int MaxTextShown = 60;

    private readonly FieldErrors _changes = new();
    private readonly bool _someoneElse;

    /// <param name="someoneElse">
    /// True when the starting values are what the editor loaded, so every difference is someone else's
    /// change; false when they are only what a request sent (its own edits included).
    /// </param>
    private EditChanges(bool someoneElse) => _someoneElse = someoneElse;

    public static FieldErrors Between(
        InitiativeInput startedFrom, Initiative now, bool someoneElse, IReadOnlyDictionary<int, string> themeNames, IReadOnlyCollection<BrandCriterion> criteria)
    {
        var changes = new EditChanges(someoneElse);
        changes.Text("title", "Title", startedFrom.Title, now.Title);
        changes.Text("description", "Description", startedFrom.Description, now.Description);
        changes.Sent("themeId", "Theme", startedFrom.ThemeId, now.ThemeId, id => themeNames.GetValueOrDefault(id, $"theme {id}"));
        changes.Choice<Horizon>("horizon", "Horizon", startedFrom.Horizon, now.Horizon, h => h.Label());
        changes.Choice<FunnelArea>("funnelArea", "Funnel area", startedFrom.FunnelArea, now.FunnelArea, a => a.Label());
        changes.Choice<InitiativeStatus>("status", "Status", startedFrom.Status, now.Status, s => s.Label());
        changes.Text("owner", "Owner", startedFrom.Owner, now.Owner);
        changes.Text("targetKpi", "Target KPI", startedFrom.TargetKpi, now.TargetKpi);
        changes.Sent("reach", "Reach", startedFrom.Reach, now.Reach.Value, Number);
        changes.Sent("impact", "Impact", startedFrom.Impact, now.Impact.Value, Number);
        changes.Sent("confidence", "Confidence", startedFrom.Confidence, now.Confidence.Value, v => v.ToString("0.##%", CultureInfo.InvariantCulture));
        changes.Sent("effort", "Effort", startedFrom.Effort, now.Effort.Value, Number);

        if (startedFrom.BrandAlignment is { } before)
        {
            var after = now.RatingsByCriterion;
            var names = criteria.ToDictionary(c => c.Key, c => c.Name, StringComparer.Ordinal);
            foreach (var key in before.Keys.Union(after.Keys).Order(StringComparer.Ordinal))
            {
                double? was = before.TryGetValue(key, out var b) ? b : null;
                double? @is = after.TryGetValue(key, out var a) ? a : null;
                changes.Compare($"brandAlignment.{key}", names.GetValueOrDefault(key, key), was, @is, Rating);
            }
        }

        return changes._changes;
    }

    public static FieldErrors Between(ThemeInput startedFrom, Theme now, bool someoneElse)
    {
        var changes = new EditChanges(someoneElse);
        changes.Text("name", "Name", startedFrom.Name, now.Name);
        changes.Text("description", "Description", startedFrom.Description, now.Description);
        if (startedFrom.Colour is { } colour)
        {
            changes.Compare("colour", "Colour", colour.Trim().ToLowerInvariant(), now.Colour, c => c);
        }

        changes.Sent("archived", "Archived", startedFrom.Archived, now.IsArchived, a => a ? "yes" : "no");
        return changes._changes;
    }

    private static string Number(double value) => value.ToString("#,0.##########", CultureInfo.InvariantCulture);

    private static string Rating(double? value) => value?.ToString("0.##", CultureInfo.InvariantCulture) ?? "not rated";

    private static string Quoted(string text) =>
        text.Length == 0 ? "(empty)" : text.Length <= MaxTextShown ? $"\"{text}\"" : $"\"{text[..MaxTextShown]}…\"";

    private void Text(string field, string label, string? before, string now)
    {
        if (before is not null)
        {
            Compare(field, label, before.Trim(), now, Quoted);
        }
    }

    /// <summary>An enum the input carries as text; blank means "not set".</summary>
    private void Choice<TEnum>(string field, string label, string? before, TEnum? now, Func<TEnum, string> show)
        where TEnum : struct, Enum
    {
        if (before is null)
        {
            return;
        }

        var name = Enum.GetNames<TEnum>().FirstOrDefault(n => string.Equals(n, before.Trim(), StringComparison.OrdinalIgnoreCase));
        if (name is null && before.Trim().Length > 0)
        {
            // Not a value at all (only a request can send that): show it as sent.
            Compare(field, label, before.Trim(), now?.ToString(), v => v is null ? "not set" : $"\"{v}\"");
            return;
        }

        Compare(field, label, name is null ? null : Enum.Parse<TEnum>(name), now, v => v is { } value ? show(value) : "not set");
    }

    /// <summary>A field compared only when the starting values carry it.</summary>
    private void Sent<T>(string field, string label, T? before, T now, Func<T, string> show)
        where T : struct
    {
        if (before is { } value)
        {
            Compare(field, label, value, now, show);
        }
    }

    private void Compare<T>(string field, string label, T before, T now, Func<T, string> show)
    {
        if (!EqualityComparer<T>.Default.Equals(before, now))
        {
            _changes.Add(field, $"{label}: {show(before)} → {show(now)}{(_someoneElse ? " (changed by someone else)" : string.Empty)}");
        }
    }
}
