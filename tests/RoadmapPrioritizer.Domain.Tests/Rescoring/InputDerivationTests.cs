using RoadmapPrioritizer.Domain.Evidence;
using RoadmapPrioritizer.Domain.Rescoring;

namespace RoadmapPrioritizer.Domain.Tests.Rescoring;

/// <summary>Every expected figure below is worked out by hand from the fixture, as the comments show.</summary>
public sealed class InputDerivationTests
{
    private static readonly DateOnly AsOf = new(2026, 11, 22);
    private static readonly DateTime Yesterday = new(2026, 11, 21, 12, 0, 0, DateTimeKind.Utc);

    private static EvidenceLink Link(FunnelStep? step, params string[] reasons) =>
        EvidenceLink.Create(1, new EvidenceLinkDefinition(reasons, [], [SurveyType.ExitIntent], step), Yesterday);

    [Fact]
    public void Checkout_link_derives_reach_impact_and_confidence_from_survey_and_funnel()
    {
        // 500 checkouts started over 10 days, 200 completed; 12 of 40 exit-intent responses cite the reason.
        var evidence = new InitiativeEvidence(40, 12, Yesterday, FeatureRequests.None, new FunnelEvidence(500, 200, 10, AsOf.AddDays(-1)), 0);

        var derived = InputDerivation.Derive(Link(FunnelStep.CheckoutCompleted, "Shipping cost too high"), evidence, RescoreRules.Default, AsOf);

        // Reach: 500 ÷ 10 days × 91.3125 days a quarter = 4,565.625, rounded to whole people: 4,566.
        derived.Reach!.Value.Should().Be(4566);
        derived.Reach.Explanation.Should().Contain("500 checkout started over 10 days with data").And.Contain("= 4,565.63 ≈ 4,566 per quarter");

        // Impact: share 12/40 = 30%; drop-off 1 − 200/500 = 60%; 30% × 60% = 18% lost: at least 10%, under 20% → high (2).
        derived.Impact!.Value.Should().Be(2);
        derived.Impact.Explanation.Should().Contain("12 of 40 responses (30%)").And.Contain("60%").And.Contain("18%");

        // Confidence: Wilson 95% for 12/40 is 18.1%-45.4%, 27.4 points wide: over 20, at most 35 → low (50%); survey + funnel = 2 kinds.
        derived.Confidence!.Value.Should().Be(0.5);
        derived.EvidenceKinds.Should().Equal("survey", "funnel");
        derived.Flags.Should().BeEmpty();
    }

    [Theory]
    [InlineData(50, 3)] // 10 of 50 = 20%: at least 20% → massive
    [InlineData(51, 2)] // 10 of 51 = 19.6% → high
    public void Without_a_funnel_step_the_share_stands_alone(int responses, double impact)
    {
        var evidence = new InitiativeEvidence(responses, 10, Yesterday, FeatureRequests.None, null, 0);

        var derived = InputDerivation.Derive(Link(null, "Wants engraving"), evidence, RescoreRules.Default, AsOf);

        derived.Impact!.Value.Should().Be(impact);
        derived.Reach.Should().BeNull("reach needs a funnel step");
    }

    [Theory]
    [InlineData(0.2, 3)]
    [InlineData(0.1999, 2)]
    [InlineData(0.1, 2)]
    [InlineData(0.05, 1)]
    [InlineData(0.0499, 0.5)]
    [InlineData(0.02, 0.5)]
    [InlineData(0.0199, 0.25)]
    [InlineData(0, 0.25)]
    public void Lost_share_maps_to_Intercoms_impact_tiers(double lost, double tier)
    {
        InputDerivation.Tier(lost).Should().Be(tier);
    }

    [Fact]
    public void Feature_requests_from_detractors_lift_impact_one_tier_once_they_reach_the_threshold()
    {
        // 10 of 200 responses = 5% → medium (1). Requests: 9 detractors × 2 + 2 unknown × 1 = 20 weighted in 90 days
        // = 20 ÷ 90 × 91.3125 = 20.29 a quarter, at least 20 → one tier up → high (2).
        var requests = new FeatureRequests(Detractors: 9, Passives: 0, Promoters: 0, Unknown: 2);
        var evidence = new InitiativeEvidence(200, 10, Yesterday, requests, null, 0);

        var derived = InputDerivation.Derive(Link(null, "Custom glaze"), evidence, RescoreRules.Default, AsOf);

        derived.Impact!.Value.Should().Be(2);
        derived.EvidenceKinds.Should().Equal("survey", "requests");
    }

    [Fact]
    public void The_same_requests_from_promoters_do_not_lift_it()
    {
        // 9 promoters × 0.5 + 2 unknown × 1 = 6.5 weighted: 6.6 a quarter, under 20 → stays medium (1).
        var requests = new FeatureRequests(Detractors: 0, Passives: 0, Promoters: 9, Unknown: 2);
        var evidence = new InitiativeEvidence(200, 10, Yesterday, requests, null, 0);

        var derived = InputDerivation.Derive(Link(null, "Custom glaze"), evidence, RescoreRules.Default, AsOf);

        derived.Impact!.Value.Should().Be(1);
    }

    [Fact]
    public void A_precise_share_from_one_kind_of_evidence_is_capped_at_medium()
    {
        // 150 of 1,000: width = 4.4 points → high, but one kind of evidence caps it at medium (80%).
        var precise = new InitiativeEvidence(1000, 150, Yesterday, FeatureRequests.None, null, 0);

        var derived = InputDerivation.Derive(Link(null, "Too slow"), precise, RescoreRules.Default, AsOf);

        derived.Confidence!.Value.Should().Be(0.8);
        derived.Confidence.Explanation.Should().Contain("one kind of evidence (survey)").And.Contain("caps it at 80%");
    }

    [Fact]
    public void A_precise_share_backed_by_the_funnel_too_is_high()
    {
        var evidence = new InitiativeEvidence(1000, 150, Yesterday, FeatureRequests.None, new FunnelEvidence(5000, 2000, 30, AsOf.AddDays(-1)), 0);

        var derived = InputDerivation.Derive(Link(FunnelStep.CheckoutStarted, "Too slow"), evidence, RescoreRules.Default, AsOf);

        derived.Confidence!.Value.Should().Be(1.0);
    }

    [Fact]
    public void A_small_sample_is_flagged_and_scores_a_moonshot()
    {
        // 3 of 8: Wilson 13.7%-69.4%, 55.7 points wide → 30%; under 30 responses → flagged.
        var evidence = new InitiativeEvidence(8, 3, Yesterday, FeatureRequests.None, null, 0);

        var derived = InputDerivation.Derive(Link(null, "Too slow"), evidence, RescoreRules.Default, AsOf);

        derived.Confidence!.Value.Should().Be(0.3);
        derived.Flags.Should().Equal(Derivation.SmallSampleFlag);
    }

    [Fact]
    public void Evidence_older_than_the_stale_age_loses_a_level_and_is_flagged()
    {
        // 12 of 40 is low (50%); the newest match is 40 days before the run, over the default 30 → 30%.
        var old = AsOf.AddDays(-40).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var evidence = new InitiativeEvidence(40, 12, old, FeatureRequests.None, null, 0);

        var derived = InputDerivation.Derive(Link(null, "Too slow"), evidence, RescoreRules.Default, AsOf);

        derived.Confidence!.Value.Should().Be(0.3);
        derived.Flags.Should().Equal(Derivation.StaleFlag);
    }

    [Fact]
    public void A_link_with_no_evidence_in_the_window_derives_nothing_and_says_so()
    {
        var derived = InputDerivation.Derive(Link(FunnelStep.AddToCart, "Too slow"), InitiativeEvidence.None, RescoreRules.Default, AsOf);

        (derived.Reach, derived.Impact, derived.Confidence).Should().Be((null, null, null));
        derived.Flags.Should().Equal(Derivation.NoEvidenceFlag);
    }

    [Fact]
    public void Funnel_data_alone_derives_reach_and_a_low_confidence_but_no_impact()
    {
        var link = EvidenceLink.Create(1, new EvidenceLinkDefinition([], [], [], FunnelStep.AddToCart), Yesterday);
        var evidence = new InitiativeEvidence(0, 0, null, FeatureRequests.None, new FunnelEvidence(9000, 900, 90, AsOf.AddDays(-1)), 0);

        var derived = InputDerivation.Derive(link, evidence, RescoreRules.Default, AsOf);

        // 9,000 product views ÷ 90 days × 91.3125 = 9,131.25 a quarter, 9,131 people.
        derived.Reach!.Value.Should().Be(9131);
        derived.Impact.Should().BeNull();
        derived.Confidence!.Value.Should().Be(0.5);
    }

    [Theory]
    [InlineData(64, 8, 731, "64 checkout started over 8 days with data ÷ 8 × 91.3125 days a quarter = 730.5 ≈ 731 per quarter")] // 8 × 91.3125 = 730.5: half up
    [InlineData(16, 1, 1461, "16 checkout started over 1 day with data ÷ 1 × 91.3125 days a quarter = 1,461 per quarter")] // 16 × 91.3125 = 1,461 exactly: nothing to round
    public void Reach_is_rounded_to_whole_people_and_says_so_only_when_it_was(long previous, int days, double reach, string explanation)
    {
        var evidence = new InitiativeEvidence(0, 0, null, FeatureRequests.None, new FunnelEvidence(previous, 1, days, AsOf.AddDays(-1)), 0);

        var derived = InputDerivation.Derive(Link(FunnelStep.CheckoutCompleted), evidence, RescoreRules.Default, AsOf);

        derived.Reach!.Value.Should().Be(reach);
        derived.Reach.Explanation.Should().StartWith(explanation);
    }
}
