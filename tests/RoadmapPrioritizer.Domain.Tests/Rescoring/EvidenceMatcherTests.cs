using RoadmapPrioritizer.Domain.Evidence;
using RoadmapPrioritizer.Domain.Rescoring;

namespace RoadmapPrioritizer.Domain.Tests.Rescoring;

public sealed class EvidenceMatcherTests
{
    private static readonly DateTime Now = new(2026, 11, 22, 0, 0, 0, DateTimeKind.Utc);

    private static EvidenceLink Link(string[] reasons, string[] keywords) =>
        EvidenceLink.Create(1, new EvidenceLinkDefinition(reasons, keywords, [], null), Now);

    [Fact]
    public void A_reason_matches_the_same_words_in_any_case_and_punctuation()
    {
        var matcher = new EvidenceMatcher([Link(["Shipping cost too high"], [])]);

        matcher.Match("shipping  cost too HIGH!", null, null).Should().Equal(0);
        matcher.Match("Shipping cost", null, null).Should().BeEmpty("a reason is matched whole, not in part");
    }

    [Fact]
    public void A_keyword_matches_whole_words_in_reason_text_or_tags()
    {
        var matcher = new EvidenceMatcher([Link([], ["gift wrap"])]);

        matcher.Match(null, "Could you gift wrap it?", null).Should().Equal(0);
        matcher.Match("Gift-wrap options", null, null).Should().Equal(0);
        matcher.Match(null, null, "packaging,gift wrap").Should().Equal(0);
        matcher.Match(null, "Please offer gift wrapping", null).Should().BeEmpty("'wrapping' is not the word 'wrap'");
        matcher.Match(null, "a gift, wrapped", null).Should().BeEmpty();
    }

    [Fact]
    public void Letters_beyond_ascii_are_words_in_any_case()
    {
        var matcher = new EvidenceMatcher([Link(["Größe falsch"], ["café"])]);

        matcher.Match("GRÖßE  falsch!", null, null).Should().Equal(0);
        matcher.Match(null, "Le CAFÉ, svp", null).Should().Equal(0);
        matcher.Match(null, "cafe", null).Should().BeEmpty("an accent makes another word");
    }

    [Fact]
    public void The_same_reason_matches_the_same_way_every_time_however_many_reasons_arrive()
    {
        // Reasons met are remembered, up to a limit; past it they are looked up each time.
        var matcher = new EvidenceMatcher([Link(["Too slow"], ["gift"])]);
        var reasons = Enumerable.Range(0, 12_000).Select(i => i % 3 == 0 ? $"Gift {i}" : i % 3 == 1 ? $"Too slow {i}" : "too SLOW").ToList();

        foreach (var pass in new[] { 1, 2 })
        {
            reasons.Select(r => matcher.Match(r, null, null).Count).Should().Equal(reasons.Select((_, i) => i % 3 == 1 ? 0 : 1), "pass {0}", pass);
        }
    }

    [Fact]
    public void Every_matching_link_is_listed_once_in_order()
    {
        var matcher = new EvidenceMatcher([
            Link([], ["shipping"]),
            Link(["Shipping cost too high"], ["cost"]),
            Link([], ["returns"]),
        ]);

        matcher.Match("Shipping cost too high", "shipping shipping cost", null).Should().Equal(0, 1);
    }

    [Fact]
    public void Phrases_of_up_to_four_words_are_found_anywhere_in_the_text()
    {
        var matcher = new EvidenceMatcher([Link([], ["free shipping over 50"])]);

        matcher.Match(null, "I would buy more with free shipping over 50 pounds", null).Should().Equal(0);
        matcher.Match(null, "free shipping over fifty", null).Should().BeEmpty();
    }

    [Fact]
    public void A_keyword_of_five_words_is_refused_with_its_position()
    {
        var errors = EvidenceLink.Validate(new EvidenceLinkDefinition([], ["ok", "one two three four five"], [SurveyType.NPS], null));

        errors.Should().ContainSingle().Which.Field.Should().Be("keywords[1]");
    }
}
