using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Quartz;
using RoadmapPrioritizer.Infrastructure.Ingestion;
using RoadmapPrioritizer.Infrastructure.Persistence;
using RoadmapPrioritizer.Infrastructure.Scheduling;
using RoadmapPrioritizer.Testing;

namespace RoadmapPrioritizer.Infrastructure.Tests.Scheduling;

/// <summary>
/// The schedule Quartz keeps in the app's database, following the sources table. The scheduler is
/// built as the app builds it but never started, so nothing fires while the test looks at its triggers.
/// </summary>
public sealed class ScheduleSyncTests
{
    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Each_pulled_source_gets_a_cron_trigger_in_the_shops_time_zone_that_fires_once_after_downtime(DatabaseProvider provider)
    {
        await using var harness = await ServiceHarness.CreateAsync(provider);
        var zigpoll = await CreateAsync(harness, "Zigpoll", "Exit survey", "0 30 2 * * ?");
        var shopify = await CreateAsync(harness, "Shopify", "Orders", null);
        await harness.Sources().PauseAsync(shopify, CancellationToken.None);
        var csv = await CreateAsync(harness, "Csv", "Uploads", null, secret: null);
        await using var app = Scheduling(harness);

        await app.SyncAllAsync();

        var scheduler = await app.SchedulerAsync();
        var survey = (ICronTrigger)(await scheduler.GetTrigger(ScheduleKeys.SourceTrigger(zigpoll), default))!;
        survey.Should().BeEquivalentTo(new { CronExpressionString = "0 30 2 * * ?", MisfireInstruction = CronTriggerMisfireInstruction.FireAndProceed, JobKey = ScheduleKeys.Source(zigpoll) });
        survey.TimeZone.Id.Should().Be("Europe/London");
        (await scheduler.GetTriggerState(survey.Key, default)).Should().Be(TriggerState.Normal);
        (await scheduler.GetJobDetail(ScheduleKeys.Source(zigpoll), default))!.Should().BeEquivalentTo(new { Durable = true, ConcurrentExecutionDisallowed = true, Description = "Exit survey" });
        (await scheduler.GetTrigger(ScheduleKeys.SourceTrigger(shopify), default) as ICronTrigger)!.CronExpressionString.Should().Be(EvidenceSource.HourlyCron);
        (await scheduler.GetTriggerState(ScheduleKeys.SourceTrigger(shopify), default)).Should().Be(TriggerState.Paused);
        (await scheduler.Exists(ScheduleKeys.Source(csv), default)).Should().BeFalse("uploads are not pulled");
        var nightly = (ICronTrigger)(await scheduler.GetTrigger(ScheduleKeys.NightlyRescoreTrigger, default))!;
        (nightly.CronExpressionString, nightly.TimeZone.Id, nightly.MisfireInstruction).Should().Be(("0 0 2 * * ?", "Europe/London", CronTriggerMisfireInstruction.FireAndProceed));
        (await app.Sync.DescribeNightlyAsync(default))!.NextFireAt!.Value.Offset.Should().Be(TimeSpan.Zero);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task An_unchanged_trigger_is_kept_as_stored_and_a_new_schedule_replaces_it(DatabaseProvider provider)
    {
        await using var harness = await ServiceHarness.CreateAsync(provider);
        var id = await CreateAsync(harness, "Zigpoll", "Exit survey", "0 30 2 * * ?");
        await using var app = Scheduling(harness);
        await app.SyncAllAsync();
        var scheduler = await app.SchedulerAsync();
        var stored = (await scheduler.GetTrigger(ScheduleKeys.SourceTrigger(id), default))!;

        await app.SyncAllAsync();
        var kept = (await scheduler.GetTrigger(ScheduleKeys.SourceTrigger(id), default))!;
        await harness.Sources().RescheduleAsync(id, "0 0 6 * * ?", CancellationToken.None);
        await app.Sync.SyncSourceAsync(id, default);
        var replaced = (ICronTrigger)(await scheduler.GetTrigger(ScheduleKeys.SourceTrigger(id), default))!;

        (kept.StartTimeUtc, kept.NextFireTimeUtc).Should().Be((stored.StartTimeUtc, stored.NextFireTimeUtc), "a restart must not push a missed firing into the future");
        replaced.CronExpressionString.Should().Be("0 0 6 * * ?");
        TimeZoneInfo.ConvertTime(replaced.NextFireTimeUtc!.Value, TimeZoneInfo.FindSystemTimeZoneById("Europe/London")).TimeOfDay
            .Should().Be(new TimeSpan(6, 0, 0), "the schedule is read in the shop's time zone");
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Pausing_resuming_unscheduling_and_removing_a_source_follow_the_table(DatabaseProvider provider)
    {
        await using var harness = await ServiceHarness.CreateAsync(provider);
        var id = await CreateAsync(harness, "Zigpoll", "Exit survey", "0 30 2 * * ?");
        var gone = await CreateAsync(harness, "HubSpot", "Deals", null);
        await using var app = Scheduling(harness);
        await app.SyncAllAsync();
        var scheduler = await app.SchedulerAsync();
        var trigger = ScheduleKeys.SourceTrigger(id);

        await harness.Sources().PauseAsync(id, CancellationToken.None);
        await app.Sync.SyncSourceAsync(id, default);
        var paused = await app.Sync.DescribeSourceAsync(id, default);
        await harness.Sources().ResumeAsync(id, CancellationToken.None);
        await app.Sync.SyncSourceAsync(id, default);
        var resumed = await app.Sync.DescribeSourceAsync(id, default);
        await harness.Sources().RescheduleAsync(id, null, CancellationToken.None);
        await app.Sync.SyncSourceAsync(id, default);
        var unscheduled = await app.Sync.DescribeSourceAsync(id, default);
        await using (var db = harness.Db())
        {
            await db.EvidenceSources.Where(s => s.Id == gone).ExecuteDeleteAsync();
        }

        await app.SyncAllAsync();

        paused.Should().BeEquivalentTo(new { Paused = true, NextFireAt = (DateTimeOffset?)null });
        resumed!.Paused.Should().BeFalse();
        resumed.NextFireAt.Should().NotBeNull();
        unscheduled.Should().BeNull("a source without a schedule runs only when asked");
        (await scheduler.Exists(trigger, default)).Should().BeFalse();
        (await scheduler.Exists(ScheduleKeys.Source(id), default)).Should().BeTrue("Run now still needs the job");
        (await scheduler.Exists(ScheduleKeys.Source(gone), default)).Should().BeFalse("the source was removed");
    }

    [Fact]
    public async Task With_scheduling_switched_off_there_is_no_scheduler_and_run_now_is_refused_without_recording_a_run()
    {
        await using var harness = await ServiceHarness.CreateAsync(DatabaseProvider.Sqlite);
        var id = await CreateAsync(harness, "Zigpoll", "Exit survey", "0 30 2 * * ?");
        await using var services = Services(harness, enabled: false).BuildServiceProvider(validateScopes: true);
        await using var scope = services.CreateAsyncScope();

        var sync = scope.ServiceProvider.GetRequiredService<ScheduleSync>();
        await sync.SyncAllAsync(default);
        var result = await scope.ServiceProvider.GetRequiredService<SourceOperations>().RunNowAsync(id, "admin@example.com", default);

        services.GetService<ISchedulerFactory>().Should().BeNull();
        sync.Enabled.Should().BeFalse();
        (await sync.DescribeSourceAsync(id, default)).Should().BeNull();
        result.Should().Be(new RunNowResult(RunNowStatus.SchedulingOff));
        await using var db = harness.Db();
        (await db.ImportRuns.CountAsync()).Should().Be(0);
    }

    [Fact]
    public void Options_that_cannot_work_fail_at_start_and_say_why()
    {
        var validator = new ScheduleOptionsValidator();

        var result = validator.Validate(null, new ScheduleOptions { TimeZone = "Mars/Olympus_Mons", NightlyRescoreCron = "every night" });

        result.Failed.Should().BeTrue();
        result.FailureMessage.Should().Contain("Scheduling:TimeZone 'Mars/Olympus_Mons'").And.Contain("Scheduling:NightlyRescoreCron 'every night'");
        validator.Validate(null, new ScheduleOptions()).Succeeded.Should().BeTrue("UTC and 02:00 daily are the defaults");
    }

    private static async Task<int> CreateAsync(ServiceHarness harness, string kind, string name, string? cron, string? secret = "a-secret")
    {
        var created = await harness.Sources().CreateAsync(new SourceInput(kind, name, cron, secret, null), CancellationToken.None);
        created.IsOk.Should().BeTrue(string.Join(" ", created.Errors.SelectMany(e => e.Value)));
        return created.Value!.Id;
    }

    private static SchedulingApp Scheduling(ServiceHarness harness) => new(Services(harness, enabled: true).BuildServiceProvider(validateScopes: true));

    /// <summary>The services as the app registers them, over the harness's database, with the shop in London.</summary>
    private static ServiceCollection Services(ServiceHarness harness, bool enabled)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Scheduling:TimeZone"] = "Europe/London",
            ["Scheduling:Enabled"] = enabled ? "true" : "false",
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(harness.Clock);
        services.AddSingleton(harness.Protection);
        services.AddDbContext<RoadmapDbContext>(o => DatabaseSetup.Configure(o, harness.Database.Provider, harness.Database.ConnectionString));
        services.AddScoped<SourceService>();
        services.AddScoped<IngestionService>();
        services.AddRoadmapScheduling(configuration, harness.Database.Provider, harness.Database.ConnectionString);
        return services;
    }

    private sealed class SchedulingApp(ServiceProvider services) : IAsyncDisposable
    {
        private readonly AsyncServiceScope _scope = services.CreateAsyncScope();

        public ScheduleSync Sync => _scope.ServiceProvider.GetRequiredService<ScheduleSync>();

        public Task SyncAllAsync() => Sync.SyncAllAsync(default);

        public async Task<IScheduler> SchedulerAsync() => await services.GetRequiredService<ISchedulerFactory>().GetScheduler();

        public async ValueTask DisposeAsync()
        {
            await (await SchedulerAsync()).Shutdown(false, default);
            await _scope.DisposeAsync();
            await services.DisposeAsync();
        }
    }
}
