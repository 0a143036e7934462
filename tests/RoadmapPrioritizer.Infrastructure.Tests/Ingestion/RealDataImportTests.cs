using Microsoft.EntityFrameworkCore;
using RoadmapPrioritizer.Domain.Evidence;
using RoadmapPrioritizer.Infrastructure.Ingestion.Csv;
using RoadmapPrioritizer.Infrastructure.Persistence;
using RoadmapPrioritizer.Testing;

namespace RoadmapPrioritizer.Infrastructure.Tests.Ingestion;

/// <summary>
/// The public data sets in ../shared/data go through the same CSV path a shop's exports do, with the
/// column mappings the README documents. Expected figures come from each set's SOURCE.md or were
/// counted with Python's csv module, independently of this code.
/// </summary>
public sealed class RealDataImportTests
{
    [Fact]
    public async Task The_GA4_merchandise_store_daily_funnel_imports_every_day_with_its_totals()
    {
        await using var harness = await ServiceHarness.CreateAsync(DatabaseProvider.Postgres);
        var options = new ImportOptions { Kind = ImportKind.FunnelDaily, Source = "ga4-merch-store", Currency = "USD" };

        var first = await ImportAsync(harness, "ga4_google_merch_store/daily_funnel_2020-11-01_2021-01-31.csv", options);
        var second = await ImportAsync(harness, "ga4_google_merch_store/daily_funnel_2020-11-01_2021-01-31.csv", options);

        (first.Added, first.Rejected).Should().Be((92, 0));
        (second.Added, second.AlreadyPresent).Should().Be((0, 92), "a re-imported day replaces its counts");
        await using var db = harness.Db();
        var days = await db.FunnelDays.ToListAsync();

        // SOURCE.md: sessions 360,129; product-view sessions 77,020; cart 15,188; checkout 11,106; purchase sessions 4,848; revenue 306,678 USD.
        (days.Sum(d => d.Sessions), days.Sum(d => d.ProductViews), days.Sum(d => d.AddToCart), days.Sum(d => d.CheckoutStarted), days.Sum(d => d.CheckoutCompleted))
            .Should().Be((360_129L, 77_020L, 15_188L, 11_106L, 4_848L));
        days.Sum(d => d.RevenueMinor).Should().Be(30_667_800L);
        days.Select(d => d.Date).Should().OnlyHaveUniqueItems().And.HaveCount(92);
    }

    [Fact]
    public async Task NPS_verbatims_with_day_first_dates_and_no_ids_import_once()
    {
        await using var harness = await ServiceHarness.CreateAsync(DatabaseProvider.Sqlite);
        var options = new ImportOptions { Kind = ImportKind.SurveyResponses, Source = "nps-verbatims", DateFormat = "dd/MM/yyyy HH:mm", SurveyType = SurveyType.NPS };

        var first = await ImportAsync(harness, "nps_verbatims_textsummary/nps_verbatims.csv", options);
        var second = await ImportAsync(harness, "nps_verbatims_textsummary/nps_verbatims.csv", options);

        // 2,385 responses; 32 have no score, which is allowed (the comment is still evidence).
        (first.Added + first.AlreadyPresent, first.Rejected).Should().Be((2_385, 0));
        (second.Added, second.AlreadyPresent).Should().Be((0, 2_385));
        await using var db = harness.Db();
        (await db.SurveyResponses.CountAsync(r => r.Score == 0)).Should().BeLessThanOrEqualTo(764).And.BeGreaterThan(700, "764 answered 0 (SOURCE.md), less any exact repeats");
        // Counted with Python (SOURCE.md's "01/01/2018 → 31/05/2018" is narrower than the file): first 11/12/2017 19:36,
        // last 20/06/2018 19:51, day first; read month first, the 20th month would not parse at all.
        (await db.SurveyResponses.MinAsync(r => r.SubmittedAt)).Should().Be(new DateTime(2017, 12, 11, 19, 36, 0, DateTimeKind.Utc));
        (await db.SurveyResponses.MaxAsync(r => r.SubmittedAt)).Should().Be(new DateTime(2018, 6, 20, 19, 51, 0, DateTimeKind.Utc));
    }

    [Fact]
    public async Task The_UCI_online_retail_line_items_become_orders_and_cancellations_are_rejected()
    {
        await using var harness = await ServiceHarness.CreateAsync(DatabaseProvider.Sqlite);
        var options = new ImportOptions { Kind = ImportKind.Orders, Source = "uci-online-retail", Currency = "GBP" };

        var result = await ImportAsync(harness, "uci_online_retail/online_retail_2010-12_to_2011-08.csv", options);

        // Counted with Python's csv module: 320,705 lines; 6,774 are cancellations, stock adjustments or
        // negative prices; the rest are 12,978 invoices holding 3,370,168 items worth £6,304,826.06
        // (each invoice's Σ quantity × unit price rounded half up to the penny).
        (result.Added, result.Rejected).Should().Be((12_978, 6_774));
        await using var db = harness.Db();
        (await db.Orders.SumAsync(o => o.ItemCount)).Should().Be(3_370_168);
        (await db.Orders.SumAsync(o => o.TotalMinor)).Should().Be(630_482_606L);
    }

    private static async Task<ImportResult> ImportAsync(ServiceHarness harness, string file, ImportOptions options)
    {
        await using var stream = File.OpenRead(SharedData.PathOf(file));
        return await harness.CsvImports().ImportAsync(stream, options, "test", CancellationToken.None);
    }
}
