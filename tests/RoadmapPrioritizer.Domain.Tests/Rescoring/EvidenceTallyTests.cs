using System.Text.RegularExpressions;
using RoadmapPrioritizer.Domain.Evidence;
using RoadmapPrioritizer.Domain.Rescoring;

namespace RoadmapPrioritizer.Domain.Tests.Rescoring;

public sealed partial class EvidenceTallyTests
{
    private static readonly DateTime Start = new(2026, 8, 24, 0, 0, 0, DateTimeKind.Utc);
    private static readonly SurveyType[] Types = Enum.GetValues<SurveyType>();

    private static readonly string[] Words = ["ship", "cost", "gift", "wrap", "slow", "size", "box", "fit", "red", "late", "price", "tag", "café", "größe"];

    [Fact]
    public void A_response_matching_through_its_reason_and_keywords_counts_once()
    {
        var tally = new EvidenceTally([Link(["Shipping cost too high"], ["shipping", "cost"], [])]);

        tally.Add(SurveyType.ExitIntent, Start, "shipping cost too HIGH!", "The shipping cost, the cost!", "shipping", NpsGroup.Unknown).Should().BeTrue();

        tally.For(0).Should().Be(new SurveyEvidence(1, 1, Start, FeatureRequests.None));
    }

    [Fact]
    public void A_feature_request_counts_by_asker_even_when_its_type_is_not_accepted()
    {
        var tally = new EvidenceTally([Link(["Gift wrap"], [], [SurveyType.ExitIntent])]);

        var counted = tally.Add(SurveyType.FeatureRequest, Start.AddDays(1), "gift wrap", null, null, NpsGroup.Detractor);
        tally.Add(SurveyType.ExitIntent, Start, "Gift-wrap", null, null, NpsGroup.Unknown);
        tally.Add(SurveyType.ExitIntent, Start, "  ", "", null, NpsGroup.Unknown).Should().BeFalse("it says nothing");

        counted.Should().BeFalse("the link does not accept feature requests");
        tally.For(0).Should().Be(new SurveyEvidence(1, 1, Start.AddDays(1), new FeatureRequests(1, 0, 0, 0)));
        (tally.Said(SurveyType.ExitIntent), tally.Said(SurveyType.FeatureRequest)).Should().Be((1, 1));
    }

    /// <summary>
    /// Generated links and responses, with reasons that normalize alike, keywords inside reasons,
    /// type filters and feature requests, against a brute force over every response and link.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void The_tally_equals_matching_every_response_against_every_link(int seed)
    {
        var random = new Random(seed);
        var reasons = Enumerable.Range(0, 90).Select(_ => Phrase(random, 1 + random.Next(3))).Distinct().ToList();
        var links = Enumerable.Range(0, 300).Select(i => Link(
            [.. Enumerable.Range(0, random.Next(4)).Select(_ => Spelling(random, reasons[random.Next(reasons.Count)]))],
            [.. Enumerable.Range(0, random.Next(4)).Select(_ => Spelling(random, Phrase(random, random.Next(6) == 0 ? 2 + random.Next(3) : 1)))],
            random.Next(3) == 0 ? [] : [.. Enumerable.Range(0, 1 + random.Next(3)).Select(_ => Types[random.Next(Types.Length)])])).ToList();
        var responses = Enumerable.Range(0, 600).Select(i => new Response(
            Types[random.Next(Types.Length)],
            Start.AddMinutes(random.Next(90 * 24 * 60)),
            random.Next(8) switch
            {
                0 => null,
                1 => "!?",
                2 => Spelling(random, Phrase(random, 1 + random.Next(4))), // often no link's reason, maybe with keywords in it
                _ => Spelling(random, reasons[random.Next(reasons.Count)]),
            },
            random.Next(3) == 0 ? null : random.Next(10) == 0 ? "   " : Spelling(random, Phrase(random, 1 + random.Next(8))),
            random.Next(4) == 0 ? $"{Words[random.Next(Words.Length)]},{Words[random.Next(Words.Length)]}" : null,
            (NpsGroup)random.Next(4))).ToList();

        var tally = new EvidenceTally(links);
        var counted = responses.Select(r => tally.Add(r.Type, r.SubmittedAt, r.Reason, r.Text, r.Tags, r.Asker)).ToList();

        var saying = responses.Where(r => !string.IsNullOrWhiteSpace(r.Reason) || !string.IsNullOrWhiteSpace(r.Text) || !string.IsNullOrWhiteSpace(r.Tags)).ToList();
        for (var i = 0; i < links.Count; i++)
        {
            var link = links[i];
            var accepts = (SurveyType type) => link.SurveyTypes.Count == 0 || link.SurveyTypes.Contains(type);
            var matching = saying.Where(r => Matches(link, r)).ToList();
            var requests = matching.Where(r => r.Type == SurveyType.FeatureRequest).ToList();
            var expected = new SurveyEvidence(
                saying.Count(r => accepts(r.Type)),
                matching.Count(r => accepts(r.Type)),
                matching.Count == 0 ? null : matching.Max(r => r.SubmittedAt),
                new FeatureRequests(
                    requests.Count(r => r.Asker == NpsGroup.Detractor),
                    requests.Count(r => r.Asker == NpsGroup.Passive),
                    requests.Count(r => r.Asker == NpsGroup.Promoter),
                    requests.Count(r => r.Asker == NpsGroup.Unknown)));
            tally.For(i).Should().Be(expected, "link {0}: reasons [{1}], keywords [{2}]", i, string.Join("; ", link.Reasons), string.Join("; ", link.Keywords));
        }

        counted.Should().Equal(responses.Select(r => saying.Contains(r) && links.Any(l => Matches(l, r) && (l.SurveyTypes.Count == 0 || l.SurveyTypes.Contains(r.Type)))));
        Types.Select(tally.Said).Should().Equal(Types.Select(t => saying.Count(r => r.Type == t)));
        links.Should().Contain(l => l.Reasons.Count > 0 && l.Keywords.Count > 0 && l.SurveyTypes.Count > 0, "the data mixes every kind of link");
    }

    /// <summary>The rule, spelled out: the same words as a reason, or a keyword's words in a row in one field.</summary>
    private static bool Matches(EvidenceLink link, Response response)
    {
        var reason = WordsOf(response.Reason);
        if (reason.Length > 0 && link.Reasons.Any(r => WordsOf(r).SequenceEqual(reason)))
        {
            return true;
        }

        return link.Keywords.Any(keyword =>
        {
            var phrase = WordsOf(keyword);
            return new[] { reason, WordsOf(response.Text), WordsOf(response.Tags) }.Any(field =>
                Enumerable.Range(0, Math.Max(0, field.Length - phrase.Length + 1)).Any(at => field.Skip(at).Take(phrase.Length).SequenceEqual(phrase)));
        });
    }

    private static string[] WordsOf(string? text) =>
        text is null ? [] : [.. Word().Matches(text).Select(m => m.Value.ToLowerInvariant())];

    private static string Phrase(Random random, int words) =>
        string.Join(' ', Enumerable.Range(0, words).Select(_ => Words[random.Next(Words.Length)]));

    /// <summary>The same words as a person might type them: any case, other spaces and punctuation.</summary>
    private static string Spelling(Random random, string phrase) => random.Next(4) switch
    {
        0 => phrase.ToUpperInvariant(),
        1 => $"{phrase.Replace(' ', '-')}!",
        2 => $"  {char.ToUpperInvariant(phrase[0])}{phrase[1..].Replace(" ", ",  ", StringComparison.Ordinal)}.",
        _ => phrase,
    };

    private static EvidenceLink Link(IReadOnlyList<string> reasons, IReadOnlyList<string> keywords, IReadOnlyList<SurveyType> types) =>
        EvidenceLink.Create(1, new EvidenceLinkDefinition(reasons, keywords, types, null), Start);

    [GeneratedRegex(@"[\p{L}\p{Nd}]+")]
    private static partial Regex Word();

    private sealed record Response(SurveyType Type, DateTime SubmittedAt, string? Reason, string? Text, string? Tags, NpsGroup Asker);
}
