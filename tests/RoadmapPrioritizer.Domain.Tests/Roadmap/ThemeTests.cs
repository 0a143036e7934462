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
    public void Version_StartsAtOne_AndEachChangeAddsOne()
    {
        var theme = Theme.Create("Gifting", "", "#2f6f6a", Now);
        theme.Version.Should().Be(1);

        theme.Rename("Gifts", Now);
        theme.Archive(Now);
        theme.Restore(Now);

        theme.Version.Should().Be(4);
    }

    [Fact]
    public void Revise_ChangesEveryFieldAsOneNewVersion()
    {
        var theme = Theme.Create("Gifting", "", "#2f6f6a", Now);

        theme.Revise(" Gifts & wrapping ", "Paper, ribbon, notes", "#AA3355", archived: true, Now.AddHours(1));

        (theme.Name, theme.NormalizedName, theme.Description, theme.Colour, theme.IsArchived).Should()
            .Be(("Gifts & wrapping", "GIFTS & WRAPPING", "Paper, ribbon, notes", "#aa3355", true));
        theme.UpdatedAt.Should().Be(Now.AddHours(1));
        theme.Version.Should().Be(2);
    }

    [Fact]
    public void Revise_WithABadColour_ChangesNothing()
    {
        var theme = Theme.Create("Gifting", "", "#2f6f6a", Now);

        var act = () => theme.Revise("Gifts", "", "teal", archived: false, Now.AddHours(1));

        act.Should().Throw<DomainException>().Which.Field.Should().Be("colour");
        (theme.Name, theme.Version).Should().Be(("Gifting", 1));
    }

    [Fact]
    public void Create_Archived_IsStillVersionOne()
    {
        var theme = Theme.Create("Gifting", "", "#2f6f6a", Now, archived: true);

        (theme.IsArchived, theme.Version).Should().Be((true, 1));
    }

    [Fact]
    public void Defaults_AreTheFourRoadmapThemes() =>
        Theme.Defaults.Select(t => t.Name).Should().Equal("Conversion optimisation", "Personalisation", "Operational efficiency", "New product launches");
}
