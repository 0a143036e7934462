using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using RoadmapPrioritizer.Domain.Evidence;
using RoadmapPrioritizer.Infrastructure.Ingestion;
using RoadmapPrioritizer.Infrastructure.Persistence;
using static Microsoft.Playwright.Assertions;

namespace RoadmapPrioritizer.Web.Tests.Browser;

/// <summary>An executive reads the evidence page in a real browser: charts drawn by Chart.js, tables with the same numbers (in an empty shop, so the counts are only what the test stores).</summary>
public sealed class EvidenceJourneyTests(EmptyShopJourneyFixture fixture) : IClassFixture<EmptyShopJourneyFixture>
{
    private static readonly string[] Charts = ["chart-reasons-ExitIntent", "chart-nps", "chart-funnel-steps", "chart-funnel-days"];

    [Fact]
    public async Task ExecutiveOpensEvidence_SeesChartsAndTables_AndANarrowerPeriodChangesTheNumbers()
    {
        // Evidence 10 and 40 days ago, both inside the default 90 days.
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        await SeedAsync(today.AddDays(-10), today.AddDays(-40));
        var (email, _) = await fixture.App.CreateUserAsync("Executive");
        var page = await fixture.NewPageAsync(email: email);

        await page.GetByRole(AriaRole.Link, new() { Name = "Evidence", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Evidence", Exact = true })).ToBeVisibleAsync();
        await ExpectChartsDrawnAsync(page);

        // Everything: shipping 2 recent + 1 older = 3 of 4 exit-intent answers; sessions 1,000 + 500 = 1,500.
        var reasons = page.GetByTestId("reasons-ExitIntent");
        await Expect(Row(reasons, "Shipping cost too high")).ToContainTextAsync("3");
        await Expect(Row(reasons, "Shipping cost too high")).ToContainTextAsync("75.0%");
        await Expect(Row(reasons, "Just browsing")).ToContainTextAsync("1");
        await Expect(Row(page.GetByTestId("funnel-steps"), "Sessions")).ToContainTextAsync("1,500");
        await Expect(Row(page.GetByTestId("funnel-steps"), "Checkout completed")).ToContainTextAsync("35");
        // The recent week: 10, 9 promoters and a 3 detractor: (2 - 1) / 3 = +33.3; the older week: one 0 = -100.
        await Expect(page.GetByTestId("nps-table")).ToContainTextAsync("+33.3");
        await Expect(page.GetByTestId("nps-table")).ToContainTextAsync("-100");
        var marker = await page.EvaluateAsync<double>("() => (window.__marker = Math.random())");

        // Only the last 20 days: the older answers and funnel day drop out.
        await page.GetByLabel("From", new() { Exact = true }).FillAsync(Iso(today.AddDays(-20)));

        await Expect(page).ToHaveURLAsync(new Regex($"from={Iso(today.AddDays(-20))}"));
        await Expect(Row(page.GetByTestId("funnel-steps"), "Sessions")).ToContainTextAsync("1,000");
        await Expect(Row(reasons, "Shipping cost too high")).ToContainTextAsync("2");
        await Expect(Row(reasons, "Shipping cost too high")).ToContainTextAsync("66.7%");
        await Expect(page.GetByTestId("nps-table")).Not.ToContainTextAsync("-100");
        await Expect(page.GetByTestId("nps-table").Locator("tbody tr")).ToHaveCountAsync(1);
        (await page.EvaluateAsync<double>("() => window.__marker")).Should().Be(marker, "htmx swapped the results in place");
        await ExpectChartsDrawnAsync(page);
        (await page.EvaluateAsync<double>("() => Chart.getChart(document.getElementById('chart-funnel-steps')).data.datasets[0].data[0]"))
            .Should().Be(1000, "the chart was drawn from the new numbers");
        (await page.EvaluateAsync<int>("() => Object.keys(Chart.instances).length")).Should().Be(Charts.Length, "the swapped-out charts were destroyed");
        await Expect(page.GetByTestId("reasons-NPS")).ToHaveTextAsync("None gave a reason.");
    }

    [Fact]
    public async Task APeriodWithNoEvidence_SaysSo_AndLinksToImports()
    {
        var page = await fixture.NewPageAsync();

        await page.GotoAsync("/evidence?from=2001-01-01&to=2001-01-31");

        var empty = page.GetByTestId("evidence-empty");
        await Expect(empty).ToContainTextAsync("No evidence in this period yet — import a CSV or connect a source");
        await Expect(empty.GetByRole(AriaRole.Link)).ToHaveAttributeAsync("href", "/imports");
        await Expect(page.Locator("canvas")).ToHaveCountAsync(0);
    }

    private static async Task ExpectChartsDrawnAsync(IPage page)
    {
        foreach (var id in Charts)
        {
            await Expect(page.Locator($"#{id}")).ToBeVisibleAsync();
            var drawn = await page.EvaluateAsync<bool>("id => Chart.getChart(document.getElementById(id)) !== undefined", id);
            drawn.Should().BeTrue($"Chart.js drew #{id}");
        }
    }

    private static ILocator Row(ILocator table, string header) =>
        table.Locator("tr").Filter(new() { Has = table.Page.GetByRole(AriaRole.Rowheader, new() { Name = header, Exact = true }) });

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private async Task SeedAsync(DateOnly recent, DateOnly older)
    {
        await using var scope = fixture.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RoadmapDbContext>();
        var source = EvidenceSource.Create(SourceKind.Csv, $"journey-{Guid.NewGuid():N}", null, "{}", null, DateTime.UtcNow);
        db.EvidenceSources.Add(source);
        await db.SaveChangesAsync();

        var store = new EvidenceStore(db);
        await store.SaveAsync(source.Id,
        [
            Response("e1", recent, SurveyType.ExitIntent, "Shipping cost too high"),
            Response("e2", recent, SurveyType.ExitIntent, "Shipping cost too high"),
            Response("e3", recent, SurveyType.ExitIntent, "Just browsing"),
            Response("e4", older, SurveyType.ExitIntent, "Shipping cost too high"),
            Response("n1", recent, SurveyType.NPS, score: 10),
            Response("n2", recent, SurveyType.NPS, score: 9),
            Response("n3", recent, SurveyType.NPS, score: 3),
            Response("n4", older, SurveyType.NPS, score: 0),
        ], CancellationToken.None);
        await store.SaveAsync(source.Id,
        [
            new FunnelDay { Date = recent, Sessions = 1000, ProductViews = 600, AddToCart = 90, CheckoutStarted = 45, CheckoutCompleted = 25, RevenueMinor = 125_000, Currency = "GBP" },
            new FunnelDay { Date = older, Sessions = 500, ProductViews = 250, AddToCart = 30, CheckoutStarted = 15, CheckoutCompleted = 10, RevenueMinor = 50_000, Currency = "GBP" },
        ], CancellationToken.None);
    }

    private static SurveyResponse Response(string id, DateOnly day, SurveyType type, string? reason = null, double? score = null) => new()
    {
        ExternalId = id,
        SurveyType = type,
        SubmittedAt = day.ToDateTime(new TimeOnly(12, 0), DateTimeKind.Utc),
        Reason = reason,
        Score = score,
    };
}
