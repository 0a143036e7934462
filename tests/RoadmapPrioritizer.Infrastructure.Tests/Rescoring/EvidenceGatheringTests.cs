using System.Text;
using RoadmapPrioritizer.Domain.Evidence;
using RoadmapPrioritizer.Domain.Rescoring;
using RoadmapPrioritizer.Infrastructure.Ingestion;
using RoadmapPrioritizer.Infrastructure.Ingestion.Csv;
using RoadmapPrioritizer.Infrastructure.Persistence;
using RoadmapPrioritizer.Infrastructure.Rescoring;
using RoadmapPrioritizer.Infrastructure.Roadmap;
using RoadmapPrioritizer.Testing;

namespace RoadmapPrioritizer.Infrastructure.Tests.Rescoring;

/// <summary>
/// What an initiative's page shows of its link, on the harness clock (2026-11-22 02:00 UTC): the
/// window runs from 2026-08-24 00:00 up to, not including, 2026-11-22 00:00.
/// </summary>
public sealed class EvidenceGatheringTests
{
    // The link: reason "Shipping cost too high", keywords "gift wrap" and "shipping cost" (also found in
    // the reason), exit-intent and feature-request responses.
    //   In the window and saying something, of those types: 7 exit-intent (edge-first, e1-e4, last, other)
    //   and 3 feature requests = 10. Matching: edge-first, e1-e4 (reason and keyword: once each), last,
    //   fr-ann, fr-anon = 8. Newest match of any type: pp (post-purchase), 2026-11-21 22:00.
    //   Requests: ann's latest NPS before the window ends is 3 (the 10 comes after) -> 1 detractor; no customer -> 1 unknown.
    //   Quoted: the 5 newest of the 8 that count: last, fr-anon, fr-ann, e4, e3.
    private const string Responses =
        """
        external_id,survey_type,submitted_at,reason,text,score,customer
        edge-before,ExitIntent,2026-08-23T23:59:59Z,Shipping cost too high,,,
        edge-first,ExitIntent,2026-08-24T00:00:00Z,Shipping cost too high,,,
        e1,ExitIntent,2026-10-01T12:00:00Z,shipping cost too high!,The shipping cost was a shock,,
        e2,ExitIntent,2026-10-02T12:00:00Z,Shipping cost too high,The shipping cost was a shock,,
        e3,ExitIntent,2026-10-03T12:00:00Z,Shipping cost too high,The shipping cost was a shock,,
        e4,ExitIntent,2026-10-04T12:00:00Z,Shipping cost too high,The shipping cost was a shock,,
        other,ExitIntent,2026-11-01T12:00:00Z,Just browsing,,,
        blank,ExitIntent,2026-11-02T12:00:00Z,,,,
        last,ExitIntent,2026-11-21T20:00:00Z,,Could you gift wrap it?,,
        pp,PostPurchase,2026-11-21T22:00:00Z,Shipping cost too high,,,
        edge-after,ExitIntent,2026-11-22T00:00:00Z,Shipping cost too high,,,
        fr-ann,FeatureRequest,2026-11-10T09:00:00Z,,Gift wrap please,,ann@example.com
        fr-anon,FeatureRequest,2026-11-11T09:00:00Z,Shipping cost too high,,,
        fr-bob,FeatureRequest,2026-11-12T09:00:00Z,,A wishlist,,bob@example.com
        n-ann-1,NPS,2026-01-05T10:00:00Z,,,9,ann@example.com
        n-ann-2,NPS,2026-09-01T10:00:00Z,,,3,ann@example.com
        n-ann-3,NPS,2026-11-22T00:00:00Z,,,10,ann@example.com
        n-bob,NPS,2026-09-01T10:00:00Z,,,8,bob@example.com

        """;

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Get_CountsTheWindowToTheSecond_AndQuotesTheNewestResponsesThatCount(DatabaseProvider provider)
    {
        await using var harness = await ServiceHarness.CreateAsync(provider);
        var initiative = await ArrangeAsync(harness);

        var linked = await harness.Links().GetAsync(initiative, CancellationToken.None);

        linked!.Evidence.Should().Be(new InitiativeEvidence(10, 8, new DateTime(2026, 11, 21, 22, 0, 0, DateTimeKind.Utc), new FeatureRequests(1, 0, 0, 1), null, 0));
        linked.Evidence.NewestMatch!.Value.Kind.Should().Be(DateTimeKind.Utc);
        linked.Samples.Select(s => s.ExternalId).Should().Equal("last", "fr-anon", "fr-ann", "e4", "e3");
        linked.Samples[0].Should().Be(new EvidenceSample("last", SurveyType.ExitIntent, new DateTime(2026, 11, 21, 20, 0, 0, DateTimeKind.Utc), null, "Could you gift wrap it?"));
    }

    private static async Task<int> ArrangeAsync(ServiceHarness harness)
    {
        using (var stream = new MemoryStream(Encoding.UTF8.GetBytes(Responses)))
        {
            var result = await harness.CsvImports().ImportAsync(stream, new ImportOptions { Kind = ImportKind.SurveyResponses }, "test", CancellationToken.None);
            result.Rejected.Should().Be(0, string.Join("; ", result.Errors.Select(e => $"{e.Line} {e.Field} {e.Message}")));
        }

        var themeId = (await harness.Themes().ListAsync(CancellationToken.None))[0].Theme.Id;
        var created = await harness.Initiatives().CreateAsync(
            new InitiativeInput { Title = "Gift wrapping and clearer shipping", ThemeId = themeId, Horizon = "Short", Reach = 100, Impact = 1, Confidence = 0.8, Effort = 1 },
            CancellationToken.None);
        var id = created.Value!.Initiative.Id;
        var definition = new EvidenceLinkDefinition(["Shipping cost too high"], ["gift wrap", "shipping cost"], [SurveyType.ExitIntent, SurveyType.FeatureRequest], null);
        (await harness.Links().SetAsync(id, definition, CancellationToken.None)).IsOk.Should().BeTrue();
        return id;
    }
}
