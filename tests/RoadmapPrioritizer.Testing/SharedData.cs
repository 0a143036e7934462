namespace RoadmapPrioritizer.Testing;

/// <summary>
/// The public ecommerce data sets in ../shared/data (next to the repository), or where
/// ROADMAP_SHARED_DATA points. CI has them; where they are absent the tests that read them fail
/// saying how to provide them.
/// </summary>
public static class SharedData
{
    public static string? Directory { get; } = Locate();

    public static string PathOf(string relative) =>
        System.IO.Path.Combine(
            Directory ?? throw new InvalidOperationException(
                "The public data sets (../shared/data next to the repository) are not on this machine; set ROADMAP_SHARED_DATA to their folder. Tests over them fail rather than skip, so a gap is never hidden."),
            relative);

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
