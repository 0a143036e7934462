using Xunit;

namespace RoadmapPrioritizer.Testing;

/// <summary>
/// The public ecommerce data sets in ../shared/data (next to the repository), or where
/// ROADMAP_SHARED_DATA points. CI has them; a fresh clone elsewhere may not.
/// </summary>
public static class SharedData
{
    public static string? Directory { get; } = Locate();

    public static string PathOf(string relative) =>
        System.IO.Path.Combine(Directory ?? throw new InvalidOperationException("The shared data sets are not on this machine."), relative);

    private static string? Locate()
    {
        if (Environment.GetEnvironmentVariable("ROADMAP_SHARED_DATA") is { Length: > 0 } configured)
        {
            return configured;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = System.IO.Path.Combine(dir.FullName, "shared", "data");
            if (File.Exists(System.IO.Path.Combine(candidate, "README.md")))
            {
                return candidate;
            }
        }

        return null;
    }
}

/// <summary>
/// A test over the real data sets: it runs wherever they are (always in CI) and, on a machine without
/// them, is reported as skipped with the reason and the way to provide them, never silently passed.
/// </summary>
public sealed class RealDataFactAttribute : FactAttribute
{
    public RealDataFactAttribute()
    {
        if (SharedData.Directory is null)
        {
            Skip = "The public data sets (../shared/data next to the repository) are not on this machine; set ROADMAP_SHARED_DATA to their folder to run this test.";
        }
    }
}
