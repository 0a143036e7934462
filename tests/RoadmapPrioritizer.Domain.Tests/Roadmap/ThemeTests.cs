using RoadmapPrioritizer.Domain.Roadmap;

namespace RoadmapPrioritizer.Domain.Tests.Roadmap;

public class ThemeTests
{
    private static readonly DateTime Now = new(2026, 11, 22, 8, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Create_NormalizesNameForCaseInsensitiveUniqueness()
    {
        var theme = Theme.Create("  Gifting ", null, "#AABBCC", Now);

        theme.Name.Should().Be("Gifting");
        theme.NormalizedName.Should().Be("GIFTING");
        theme.Colour.Should().Be("#aabbcc");
        theme.Description.Should().BeEmpty();
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void ValidateName_Blank_IsRequired(string? name) => Theme.ValidateName(name).Should().Be("Name is required.");

    [Fact]
    public void ValidateName_EightyCharactersIsTheLimit()
    {
        Theme.ValidateName(new string('x', 80)).Should().BeNull();
        Theme.ValidateName(new string('x', 81)).Should().NotBeNull();
    }

    [Theory]
    [InlineData("red")]
    [InlineData("#abc")]
    [InlineData("#gggggg")]
    [InlineData(null)]
    public void ValidateColour_NotHex_IsRejected(string? colour) => Theme.ValidateColour(colour).Should().NotBeNull();

    [Fact]
    public void ArchiveAndRestore()
    {
        var theme = Theme.Create("Gifting", "", "#2f6f6a", Now);

        theme.Archive(Now.AddHours(1));
        theme.IsArchived.Should().BeTrue();
        theme.UpdatedAt.Should().Be(Now.AddHours(1));

        theme.Restore(Now.AddHours(2));
        theme.IsArchived.Should().BeFalse();
    }

    [Fact]
    public void Defaults_AreTheFourRoadmapThemes() =>
        Theme.Defaults.Select(t => t.Name).Should().Equal("Conversion optimisation", "Personalisation", "Operational efficiency", "New product launches");
}
