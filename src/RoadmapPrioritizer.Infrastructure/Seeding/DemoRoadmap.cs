using RoadmapPrioritizer.Domain.Roadmap;

namespace RoadmapPrioritizer.Infrastructure.Seeding;

/// <summary>Demo roadmap for Ashgrove Ceramics, a small UK stoneware studio: one extra theme and 24 scored initiatives.</summary>
internal static class DemoRoadmap
{
    public const string ShopName = "Ashgrove Ceramics";

    /// <summary>Themes beyond the four defaults ("Conversion optimisation", "Personalisation", "Operational efficiency", "New product launches").</summary>
    public static IReadOnlyList<DemoTheme> ExtraThemes { get; } =
    [
        new(
            "Maker partnerships",
            "Work with guest potters and other local makers: collaborations, shared kit and fair credit for whoever made the piece.",
            "#7d6b57"),
    ];

    public static IReadOnlyList<DemoInitiative> Initiatives { get; } =
    [
        // Conversion optimisation
        new(
            "Show delivery cost on product pages and in the cart",
            "38% of the 412 exit-intent survey answers last quarter gave \"shipping cost surprise\" as the reason for leaving, " +
            "and the Shopify funnel shows about 1,800 add-to-cart sessions a quarter but only 1,100 checkout starts. " +
            "Show the delivery price (£4.95 standard, £7.95 tracked, free over £65) under every product price and a running total in the cart.",
            "Conversion optimisation", Horizon.Short, FunnelArea.Cart, InitiativeStatus.Planned,
            Owner: "Priya", TargetKpi: "Cart abandonment rate",
            Reach: 1_800, Impact: 1, Confidence: 0.8, Effort: 0.5,
            CraftStorytelling: 0, ArtisanCollaboration: 0, CommunityImpact: 1, Uniqueness: 0),
        new(
            "Free UK delivery on orders over £65",
            "Introduced in March after the exit-intent survey; reach is the roughly 1,800 add-to-cart sessions a quarter in the Shopify funnel. " +
            "Over 12 weeks average order value rose from £53 to £58 and cart abandonment fell from 66% to 61%, " +
            "for about £410 a quarter in absorbed postage.",
            "Conversion optimisation", Horizon.Short, FunnelArea.Cart, InitiativeStatus.Measured,
            Owner: "Gareth", TargetKpi: "Average order value",
            Reach: 1_800, Impact: 0.5, Confidence: 1.0, Effort: 0.5,
            CraftStorytelling: 0, ArtisanCollaboration: 0, CommunityImpact: 1, Uniqueness: 0),
        new(
            "Glaze close-up photography and a 'thrown by' maker line on product pages",
            "About 12,500 people a quarter view a product page (Shopify analytics), and 27% of post-purchase survey answers say the buyer " +
            "\"wasn't sure what the glaze would look like in real life\". " +
            "Reshoot the 60 core products in daylight with close-ups of glaze pooling and the foot ring, and name the potter who threw each piece.",
            "Conversion optimisation", Horizon.Mid, FunnelArea.ProductPage, InitiativeStatus.Planned,
            Owner: "Hannah", TargetKpi: "Product-page conversion rate",
            Reach: 12_500, Impact: 0.5, Confidence: 0.8, Effort: 2,
            CraftStorytelling: 5, ArtisanCollaboration: 3, CommunityImpact: 1, Uniqueness: 3),
        new(
            "Low-stock badges and sale countdown timers on one-off pieces",
            "About 5,000 visitors a quarter view the one-offs and seconds collections (Shopify analytics). " +
            "A Shopify app would add \"only 1 left\" badges and a 24-hour countdown in an afternoon, " +
            "but two NPS comments last quarter singled the shop out for having \"no pushy pop-ups\".",
            "Conversion optimisation", Horizon.Short, FunnelArea.ProductPage, InitiativeStatus.Idea,
            Owner: "Priya", TargetKpi: "Product-page conversion rate",
            Reach: 5_000, Impact: 0.5, Confidence: 0.5, Effort: 0.5,
            CraftStorytelling: 1, ArtisanCollaboration: 0, CommunityImpact: 0, Uniqueness: 1),
        new(
            "Guest checkout and express payment with Shop Pay and Apple Pay",
            "The Shopify funnel shows about 1,100 checkout starts a quarter, and 41% of the drop-off happens at the forced \"create an account\" step; " +
            "three NPS detractors mentioned having to register. " +
            "Turn on guest checkout and express wallets, and offer the account on the order confirmation page instead.",
            "Conversion optimisation", Horizon.Short, FunnelArea.Checkout, InitiativeStatus.InProgress,
            Owner: "Priya", TargetKpi: "Checkout completion rate",
            Reach: 1_100, Impact: 1, Confidence: 0.8, Effort: 0.5,
            CraftStorytelling: 0, ArtisanCollaboration: 0, CommunityImpact: 0, Uniqueness: 0),
        new(
            "Abandoned-checkout email signed by the maker",
            "Of the roughly 450 checkouts abandoned a quarter (1,100 started, 650 completed), about 400 have an email address attached (Shopify abandoned checkouts report). " +
            "Replaced the default reminder with a short note from the potter who made the piece and a photo of it coming out of the kiln; " +
            "shipped in May, recovery rate not yet measured.",
            "Conversion optimisation", Horizon.Short, FunnelArea.Cart, InitiativeStatus.Shipped,
            Owner: "Maisie", TargetKpi: "Abandoned-checkout recovery rate",
            Reach: 400, Impact: 1, Confidence: 0.8, Effort: 0.25,
            CraftStorytelling: 3, ArtisanCollaboration: 2, CommunityImpact: 1, Uniqueness: 2),

        // Personalisation
        new(
            "Commission request form with glaze, size and lettering options",
            "Commissions arrive as free-text emails (about 90 a quarter) and Maisie spends around six hours a week going back and forth; " +
            "the commissions page gets about 2,400 visitors a quarter but only 4% of them enquire. " +
            "A structured form with glaze swatches, sizes, lettering and a 30% deposit would cut the emails and let more visitors commit.",
            "Personalisation", Horizon.Mid, FunnelArea.ProductPage, InitiativeStatus.Planned,
            Owner: "Maisie", TargetKpi: "Commission enquiry-to-order rate",
            Reach: 2_400, Impact: 2, Confidence: 0.5, Effort: 2,
            CraftStorytelling: 4, ArtisanCollaboration: 4, CommunityImpact: 2, Uniqueness: 5),
        new(
            "Hand-painted initials on mugs as a product option",
            "About 1,200 people a quarter add a mug to their cart (Shopify funnel), and \"can I add a name?\" was the most common pre-sale question " +
            "in the inbox last quarter (31 emails). " +
            "Offer up to three initials painted in underglaze for £6, with five extra days' lead time.",
            "Personalisation", Horizon.Short, FunnelArea.ProductPage, InitiativeStatus.InProgress,
            Owner: "Tom", TargetKpi: "Add-on attach rate on mugs",
            Reach: 1_200, Impact: 0.5, Confidence: 0.8, Effort: 1,
            CraftStorytelling: 4, ArtisanCollaboration: 3, CommunityImpact: 1, Uniqueness: 5),
        new(
            "Birthday-month discount code for newsletter subscribers",
            "About 2,000 of the 6,000 newsletter subscribers gave a birthday when signing up, so roughly 500 a quarter would get an automated 10% code. " +
            "Quick to set up in the email tool, but it is a generic discount and says nothing about the work.",
            "Personalisation", Horizon.Short, FunnelArea.RetentionLoyalty, InitiativeStatus.Idea,
            Owner: "Priya", TargetKpi: "Repeat-purchase rate",
            Reach: 500, Impact: 1, Confidence: 0.8, Effort: 0.75,
            CraftStorytelling: 0, ArtisanCollaboration: 0, CommunityImpact: 1, Uniqueness: 1),
        new(
            "'Find your glaze' quiz on collection pages",
            "Collection pages get about 9,000 visitors a quarter, and \"which glaze goes with my kitchen?\" comes up in roughly a fifth of live-chat conversations. " +
            "Parked until the glaze photography reshoot is done, because the quiz results would lean on those photos.",
            "Personalisation", Horizon.Mid, FunnelArea.Discovery, InitiativeStatus.Parked,
            Owner: "Priya", TargetKpi: "Collection-to-product click-through rate",
            Reach: 9_000, Impact: 0.5, Confidence: 0.5, Effort: 1.5,
            CraftStorytelling: 3, ArtisanCollaboration: 1, CommunityImpact: 1, Uniqueness: 3),
        new(
            "Customer accounts that remember the pieces you own",
            "About 1,400 past customers visit each quarter (Shopify returning-customer sessions), and NPS comments often ask for " +
            "\"another bowl to match the one I bought last year\". " +
            "Accounts would list past glazes and flag matching pieces when a kiln batch lands; a big build for this team and unproven demand.",
            "Personalisation", Horizon.Long, FunnelArea.RetentionLoyalty, InitiativeStatus.Idea,
            Owner: "Maisie", TargetKpi: "Customer lifetime value",
            Reach: 1_400, Impact: 1, Confidence: 0.4, Effort: 4,
            CraftStorytelling: 2, ArtisanCollaboration: 1, CommunityImpact: 2, Uniqueness: 4),

        // Operational efficiency
        new(
            "Batch packing bench and pre-cut recycled packaging",
            "Every order (about 650 a quarter) used to be packed from scratch at the kitchen table, taking about 14 hours a week. " +
            "Since April orders are packed in two batches a day at a dedicated bench with pre-cut honeycomb paper and boxes sized for the three commonest orders; " +
            "packing now takes about 9 hours a week.",
            "Operational efficiency", Horizon.Short, FunnelArea.Operations, InitiativeStatus.Measured,
            Owner: "Gareth", TargetKpi: "Hours spent packing per week",
            Reach: 650, Impact: 1, Confidence: 1.0, Effort: 0.75,
            CraftStorytelling: 1, ArtisanCollaboration: 1, CommunityImpact: 2, Uniqueness: 0),
        new(
            "Sync kiln batches with Shopify stock levels",
            "Stock lives in a studio spreadsheet updated after each glaze firing, and 23 of last quarter's 650 orders were oversold and had to be delayed or refunded. " +
            "Push each kiln batch's quantities to Shopify and show the next firing date on sold-out pieces.",
            "Operational efficiency", Horizon.Mid, FunnelArea.Operations, InitiativeStatus.InProgress,
            Owner: "Tom", TargetKpi: "Oversold orders per quarter",
            Reach: 650, Impact: 0.5, Confidence: 0.8, Effort: 1.5,
            CraftStorytelling: 2, ArtisanCollaboration: 1, CommunityImpact: 0, Uniqueness: 1),
        new(
            "Trade portal for stockists and a wider wholesale network",
            "Six local shops reorder about twice a quarter each by phone or email, and each order takes Gareth around an hour to quote, invoice and pick. " +
            "A password-protected trade page with a price list, minimums and draft orders would save that time and make it realistic to take on more independent stockists.",
            "Operational efficiency", Horizon.Long, FunnelArea.Operations, InitiativeStatus.Idea,
            Owner: "Gareth", TargetKpi: "Wholesale revenue per quarter",
            Reach: 12, Impact: 2, Confidence: 0.8, Effort: 3,
            CraftStorytelling: 1, ArtisanCollaboration: 2, CommunityImpact: 4, Uniqueness: 1),

        // New product launches
        new(
            "Dropshipped homeware range from a wholesale marketplace",
            "All of the roughly 21,000 visitors a quarter would see cheaper mass-produced candles, linen and glassware next to the pottery, " +
            "and a supplier offers setup in two days through a Shopify app. " +
            "None of it would be made by anyone in the studio, and \"handmade\" is the first reason buyers give in the post-purchase survey.",
            "New product launches", Horizon.Short, FunnelArea.Discovery, InitiativeStatus.Idea,
            Owner: "Priya", TargetKpi: "Average order value",
            Reach: 21_000, Impact: 0.5, Confidence: 0.5, Effort: 1.5,
            CraftStorytelling: 0, ArtisanCollaboration: 0, CommunityImpact: 1, Uniqueness: 0),
        new(
            "Indoor planter range with matching drainage saucers",
            "The two test planters sold out in nine days, \"do you make planters with saucers?\" came up 18 times in email last quarter, " +
            "and the planters page already gets about 4,500 visitors a quarter. " +
            "Three sizes in the core glazes, after around 40 test pieces to get drainage and glaze fit right.",
            "New product launches", Horizon.Mid, FunnelArea.Discovery, InitiativeStatus.Planned,
            Owner: "Tom", TargetKpi: "Revenue from new products",
            Reach: 4_500, Impact: 1, Confidence: 0.8, Effort: 3,
            CraftStorytelling: 4, ArtisanCollaboration: 2, CommunityImpact: 2, Uniqueness: 3),
        new(
            "Seasonal limited glaze drop, newsletter first",
            "Each season one experimental glaze goes out as a numbered run of 40-60 pieces, offered to the 6,000 newsletter subscribers 48 hours before the shop. " +
            "The autumn \"Ember\" run sold out in three days with a 9% click-to-order rate from the email.",
            "New product launches", Horizon.Short, FunnelArea.RetentionLoyalty, InitiativeStatus.Shipped,
            Owner: "Hannah", TargetKpi: "Repeat-purchase rate",
            Reach: 6_000, Impact: 0.5, Confidence: 0.8, Effort: 1,
            CraftStorytelling: 5, ArtisanCollaboration: 3, CommunityImpact: 3, Uniqueness: 4),
        new(
            "Studio taster workshops bookable online",
            "Run four-person wheel-throwing tasters in the studio on Saturdays, booked and paid for on the site. " +
            "About 2,000 newsletter subscribers live within 30 miles of the studio by postcode, " +
            "but nobody knows how many would pay £65 for two hours, and it means freeing up wheels on a production day.",
            "New product launches", Horizon.Long, null, InitiativeStatus.Idea,
            Owner: "Hannah", TargetKpi: "Workshop bookings per quarter",
            Reach: 2_000, Impact: 1, Confidence: 0.3, Effort: 3,
            CraftStorytelling: 5, ArtisanCollaboration: 3, CommunityImpact: 5, Uniqueness: 4),
        new(
            "Trade dinnerware line for local restaurants and cafés",
            "Two restaurants in town have asked about plates for their tables, and there are about 40 independent restaurants and cafés nearby to approach. " +
            "Parked because a 200-piece order would take the whole kiln for a month and commercial-dishwasher testing has not been done.",
            "New product launches", Horizon.Long, null, InitiativeStatus.Parked,
            Owner: "Hannah", TargetKpi: "Wholesale revenue per quarter",
            Reach: 40, Impact: 3, Confidence: 0.5, Effort: 6,
            CraftStorytelling: 4, ArtisanCollaboration: 2, CommunityImpact: 3, Uniqueness: 4),

        // Maker partnerships
        new(
            "Quarterly guest-potter capsule collection",
            "Invite one guest potter a quarter to make 30-50 pieces fired in our kiln, launched to the 6,000 newsletter subscribers with a studio interview. " +
            "Last year's one-off guest collaboration email had a 52% open rate against the usual 38%, but sales leaned heavily on the guest's own following.",
            "Maker partnerships", Horizon.Mid, FunnelArea.Discovery, InitiativeStatus.Planned,
            Owner: "Hannah", TargetKpi: "Newsletter revenue per send",
            Reach: 6_000, Impact: 1, Confidence: 0.5, Effort: 2,
            CraftStorytelling: 5, ArtisanCollaboration: 5, CommunityImpact: 4, Uniqueness: 4),
        new(
            "Maker profile pages with short wheel-throwing videos",
            "'Meet the makers' is the most-visited page after the homepage, and about 8,000 visitors a quarter click a maker's name from a product page. " +
            "Give each of the four makers and the guest potters a profile with a 30-second throwing clip, linked from every piece they made.",
            "Maker partnerships", Horizon.Short, FunnelArea.ProductPage, InitiativeStatus.InProgress,
            Owner: "Priya", TargetKpi: "Product-page conversion rate",
            Reach: 8_000, Impact: 0.25, Confidence: 0.8, Effort: 1,
            CraftStorytelling: 5, ArtisanCollaboration: 4, CommunityImpact: 2, Uniqueness: 2),
        new(
            "Oak serving boards from a local wood turner to pair with salad bowls",
            "Partner with a wood turner two miles away on boards and servers sold alongside the large bowls, with joint credit and a 60/40 split. " +
            "About 3,000 visitors a quarter view the bowl pages; how many would add a board is a guess until a trial batch of 20 sells.",
            "Maker partnerships", Horizon.Mid, FunnelArea.ProductPage, InitiativeStatus.Idea,
            Owner: "Hannah", TargetKpi: "Average order value",
            Reach: 3_000, Impact: 0.5, Confidence: 0.5, Effort: 1.5,
            CraftStorytelling: 4, ArtisanCollaboration: 5, CommunityImpact: 4, Uniqueness: 3),
        new(
            "Shared kiln and glaze-buying co-op with two nearby studios",
            "Share a second kiln and bulk glaze materials with two studios in the area to cut firing costs and shorten restock times for all 650 orders a quarter. " +
            "Parked: it needs a shared lease and an agreement between three businesses, and one studio has gone quiet.",
            "Maker partnerships", Horizon.Long, FunnelArea.Operations, InitiativeStatus.Parked,
            Owner: "Tom", TargetKpi: "Restock lead time in days",
            Reach: 650, Impact: 1, Confidence: 0.3, Effort: 6,
            CraftStorytelling: 2, ArtisanCollaboration: 5, CommunityImpact: 5, Uniqueness: 1),
        new(
            "Maker's-mark card in every parcel",
            "Since February every parcel (about 650 orders a quarter) includes a card with the stamp and name of the potter who threw the piece and a QR code to 'Meet the makers'. " +
            "Over two quarters the review rate rose from 9% to 14%, and \"loved knowing who made it\" is now the commonest post-purchase survey comment.",
            "Maker partnerships", Horizon.Short, FunnelArea.PostPurchase, InitiativeStatus.Measured,
            Owner: "Maisie", TargetKpi: "Review rate",
            Reach: 650, Impact: 0.25, Confidence: 1.0, Effort: 0.25,
            CraftStorytelling: 5, ArtisanCollaboration: 4, CommunityImpact: 2, Uniqueness: 3),
    ];
}

internal sealed record DemoTheme(string Name, string Description, string Colour);

internal sealed record DemoInitiative(
    string Title,
    string Description,
    string Theme,
    Horizon Horizon,
    FunnelArea? FunnelArea,
    InitiativeStatus Status,
    string Owner,
    string TargetKpi,
    double Reach,
    double Impact,
    double Confidence,
    double Effort,
    int CraftStorytelling,
    int ArtisanCollaboration,
    int CommunityImpact,
    int Uniqueness);
