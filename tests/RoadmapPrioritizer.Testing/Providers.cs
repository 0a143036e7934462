using RoadmapPrioritizer.Infrastructure.Persistence;
using Xunit;

namespace RoadmapPrioritizer.Testing;

/// <summary>xunit member data: run a test once per database provider.</summary>
public static class Providers
{
    public static TheoryData<DatabaseProvider> All => new(DatabaseProvider.Sqlite, DatabaseProvider.Postgres);
}

/// <summary>A clock that reads what the test set, so "now" is the same on every run.</summary>
public sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
