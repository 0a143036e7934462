using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc;
using RoadmapPrioritizer.Infrastructure.Roadmap;

namespace RoadmapPrioritizer.Web.Api;

/// <summary>
/// Optimistic concurrency over HTTP. A theme's or initiative's version is its ETag (<c>"3"</c>) and its
/// <c>version</c> field. A write that names the version it started from, in <c>If-Match</c> or in the
/// body, is refused when that version is no longer the stored one: 412 for If-Match, 409 for the body,
/// nothing written either way. A write that names neither is applied to whatever is stored (last
/// writer wins), for integrations that only ever send whole records.
/// </summary>
internal static partial class ApiVersions
{
    private const string IfMatchField = "If-Match";

    public static void SetETag(HttpResponse response, int version) =>
        response.Headers.ETag = $"\"{version.ToString(CultureInfo.InvariantCulture)}\"";

    /// <summary>
    /// The version If-Match names: null when there is no If-Match or it is <c>*</c> (any current
    /// version); a 400 problem unless it is exactly one strong ETag as this API sends them.
    /// </summary>
    public static (int? Version, IResult? Problem) ReadIfMatch(HttpRequest request)
    {
        var values = request.Headers.IfMatch;
        if (values.Count == 0)
        {
            return (null, null);
        }

        var value = string.Join(',', values.ToArray()).Trim();
        if (value == "*")
        {
            return (null, null);
        }

        return StrongETag().Match(value) is { Success: true } match
            && int.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            ? (version, null)
            : (null, ApiJson.Invalid(IfMatchField, $"If-Match must be one ETag as GET sends it, such as \"3\" (quotes included), or *; got {value}."));
    }

    /// <summary>The version to check, from If-Match or the body's <c>version</c>; when both are sent they must agree.</summary>
    public static (int? Version, IResult? Problem) Expected(int? ifMatch, int? bodyVersion) =>
        ifMatch is { } header && bodyVersion is { } body && header != body
            ? (null, ApiJson.Invalid("version", $"The body's version ({body}) and If-Match (\"{header}\") name different versions; send one."))
            : (ifMatch ?? bodyVersion, null);

    /// <summary>
    /// The answer to a write of a versioned record: its ETag on success (and on a refusal, the stored
    /// version's), and a 412 or 409 problem naming what changed when the version was stale.
    /// </summary>
    public static IResult ToResult<T, TResponse>(
        HttpResponse response, Outcome<T> outcome, Func<T, TResponse> map, Func<T, int> versionOf, int? expected, bool fromIfMatch, Func<T, string>? location = null)
    {
        if (outcome.Value is not { } value)
        {
            return RoadmapApi.ToResult(outcome, map, location);
        }

        SetETag(response, versionOf(value));
        return outcome.Status == OutcomeStatus.Stale
            ? Stale(fromIfMatch, expected, versionOf(value), outcome.Errors, map(value))
            : RoadmapApi.ToResult(outcome, map, location);
    }

    /// <summary>412 (If-Match) or 409 (version in the body, or none); <c>errors</c> says per field what differs from what is stored now.</summary>
    public static IResult Stale(bool fromIfMatch, int? expected, int? currentVersion, IReadOnlyDictionary<string, string[]> changes, object? current)
    {
        var problem = new ProblemDetails
        {
            Status = fromIfMatch ? StatusCodes.Status412PreconditionFailed : StatusCodes.Status409Conflict,
            Title = "Changed by someone else",
            Detail = (expected is null ? "Someone else saved this while your request was being applied" : $"Someone else saved this since version {expected}") +
                (currentVersion is { } now ? $"; it is now version {now}" : string.Empty) +
                ". Nothing was saved: read it again, reapply your change and send the new version." +
                (changes.Count > 0 ? " Each entry in errors is a field that differs: what you sent or started from → what is stored now." : string.Empty),
            Extensions = { ["errors"] = changes },
        };
        if (currentVersion is not null)
        {
            problem.Extensions["currentVersion"] = currentVersion;
        }

        if (current is not null)
        {
            problem.Extensions["current"] = current;
        }

        return TypedResults.Problem(problem);
    }

    [GeneratedRegex("""^"([0-9]{1,9})"$""")]
    private static partial Regex StrongETag();
}
