using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;
using Quartz;
using RoadmapPrioritizer.Infrastructure.Persistence;
using RoadmapPrioritizer.Infrastructure.Rescoring;

namespace RoadmapPrioritizer.Infrastructure.Scheduling;

/// <summary>
/// Quartz in-process, keeping its schedule in the app's own database (tables prefixed <c>qrtz_</c>,
/// created by Quartz on first start, job data as JSON). On PostgreSQL the schedulers of every app
/// instance sharing the database form a cluster: each trigger fires on exactly one of them. SQLite is
/// one file for one process, so there it is not clustered.
/// </summary>
public static class SchedulingSetup
{
    public const string TablePrefix = "qrtz_";

    public static IServiceCollection AddRoadmapScheduling(this IServiceCollection services, IConfiguration configuration, DatabaseProvider provider, string connectionString)
    {
        services.AddOptions<ScheduleOptions>().Bind(configuration.GetSection(ScheduleOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ScheduleOptions>, ScheduleOptionsValidator>();
        services.AddScoped<ScheduleSync>();
        services.AddScoped<SourceOperations>();
        services.AddOptions<RescoreOptions>().Bind(configuration.GetSection(RescoreOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RescoreOptions>, RescoreOptionsValidator>();
        services.AddScoped<RescoreService>();
        services.AddScoped<RescoreOperations>();
        if (!configuration.GetValue($"{ScheduleOptions.Section}:Enabled", defaultValue: true))
        {
            return services;
        }

        // Registered before Quartz's hosted service, so the schedule matches the sources table before anything fires.
        services.AddHostedService<ScheduleSyncAtStart>();
        services.AddQuartz(quartz =>
        {
            quartz.ConfigureScheduler(scheduler => scheduler.InstanceName = "RoadmapPrioritizer");
            quartz.UsePersistentStore(store =>
            {
                if (provider == DatabaseProvider.Postgres)
                {
                    store.UsePostgres(NpgsqlFactory.Instance, connectionString);

                    // Row locks in qrtz_locks decide which instance fires each trigger; each gets a generated instance id.
                    store.UseClustering(_ => { });
                }
                else
                {
                    store.UseSqlite(SqliteFactory.Instance, connectionString);
                }

                store.ConfigureStore(options => options.TablePrefix = TablePrefix);
                store.ProvisionSchema();
                store.UseSystemTextJsonSerializer();
            });
        });
        services.AddQuartzHostedService(options => options.WaitForJobsToComplete = true);
        return services;
    }

    private sealed class ScheduleSyncAtStart(IServiceScopeFactory scopes) : IHostedService
    {
        public async Task StartAsync(CancellationToken cancellationToken)
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<ScheduleSync>().SyncAllAsync(cancellationToken);
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
