using RoadmapPrioritizer.Domain.Roadmap;
using RoadmapPrioritizer.Domain.Scoring;

namespace RoadmapPrioritizer.Domain.Tests.Roadmap;

public class InitiativeTests
{
    private static readonly DateTime Created = new(2026, 11, 1, 9, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime Later = Created.AddDays(3);

    private static InitiativeDefinition Definition(string title = "Gift wrapping", IReadOnlyDictionary<string, int>? ratings = null) => new(
        title, "Wrap in recycled tissue", ThemeId: 4, Horizon.Short, FunnelArea.Checkout, InitiativeStatus.Planned, "Hannah", "AOV",
        Reach.Create(650), Impact.Low, Confidence.Medium, Effort.Create(0.5), ratings ?? new Dictionary<string, int> { ["craft_storytelling"] = 4 });

    [Fact]
    public void Create_TrimsTextAndKeepsInputs()
    {
        var initiative = Initiative.Create(Definition("  Gift wrapping  "), Created);

        initiative.Title.Should().Be("Gift wrapping");
        initiative.Rice.Value.Should().Be(520); // 650 x 0.5 x 0.8 / 0.5
        initiative.RatingsByCriterion.Should().Equal(new Dictionary<string, int> { ["craft_storytelling"] = 4 });
        initiative.CreatedAt.Should().Be(Created);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Create_BlankTitle_IsRejected(string title)
    {
        var act = () => Initiative.Create(Definition(title), Created);

        act.Should().Throw<DomainException>().Which.Field.Should().Be("title");
    }

    [Fact]
    public void Create_TitleOverTwoHundredCharacters_IsRejected()
    {
        Initiative.ValidateTitle(new string('a', 200)).Should().BeNull();
        Initiative.ValidateTitle(new string('a', 201)).Should().Contain("200");
    }

    [Fact]
    public void Redefine_ReplacesRatings_AddingChangingAndRemoving()
    {
        var initiative = Initiative.Create(Definition(ratings: new Dictionary<string, int> { ["a"] = 1, ["b"] = 2 }), Created);

        initiative.Redefine(Definition(ratings: new Dictionary<string, int> { ["b"] = 5, ["c"] = 0 }), Later);

        initiative.RatingsByCriterion.Should().Equal(new Dictionary<string, int> { ["b"] = 5, ["c"] = 0 });
        initiative.UpdatedAt.Should().Be(Later);
        initiative.CreatedAt.Should().Be(Created);
    }

    [Fact]
    public void Park_TakesItOutOfTheRanking()
    {
        var initiative = Initiative.Create(Definition(), Created);

        initiative.Park(Later);

        initiative.Status.Should().Be(InitiativeStatus.Parked);
        initiative.Status.IsRanked().Should().BeFalse();
    }

    [Fact]
    public void Version_StartsAtOne_AndEveryChangeAddsOne()
    {
        var initiative = Initiative.Create(Definition(), Created);
        initiative.Version.Should().Be(1);

        initiative.Redefine(Definition("Gift wrapping, recycled"), Later);
        initiative.Version.Should().Be(2);

        initiative.Park(Later);
        initiative.Version.Should().Be(3);
    }

    [Theory]
    [InlineData(InitiativeStatus.Idea, true)]
    [InlineData(InitiativeStatus.Planned, true)]
    [InlineData(InitiativeStatus.InProgress, true)]
    [InlineData(InitiativeStatus.Shipped, false)]
    [InlineData(InitiativeStatus.Measured, false)]
    [InlineData(InitiativeStatus.Parked, false)]
    public void OnlyWorkStillToDoIsRanked(InitiativeStatus status, bool ranked) => status.IsRanked().Should().Be(ranked);
}
