using RoadmapPrioritizer.Domain.Evidence;
using RoadmapPrioritizer.Domain.Rescoring;

namespace RoadmapPrioritizer.Infrastructure.Seeding;

/// <summary>The demo's evidence: what one upload of the shop's exports would hold.</summary>
internal sealed record DemoEvidenceSet(IReadOnlyList<SurveyResponse> SurveyResponses, IReadOnlyList<FunnelDay> FunnelDays, IReadOnlyList<Order> Orders);

/// <summary>An evidence link of a demo initiative, by its title in <see cref="DemoRoadmap"/>.</summary>
internal sealed record DemoLink(string Title, EvidenceLinkDefinition Definition);

/// <summary>
/// Invented evidence for the demo shop, Ashgrove Ceramics: the <see cref="Days"/> days up to yesterday of
/// exit-intent, post-purchase, NPS and feature-request answers, the whole-shop funnel and the orders,
/// agreeing with the figures the demo roadmap's descriptions quote (about 21,000 visitors, 12,500
/// product views, 1,800 carts, 1,100 checkouts started and 650 orders a quarter; 412 exit-intent
/// answers a quarter, 38% of them a shipping-cost surprise; 27% of post-purchase answers unsure of
/// the glaze), and the evidence links of six demo initiatives. The funnel's conversions move only a
/// few percent from week to week, so no day of it is a funnel incident.
/// Deterministic: fixed-seed <see cref="Random"/> streams and no clock, so the same day always gives
/// the same records, and every stretch of answers holds each reason in about its share of the whole.
/// </summary>
internal static class DemoEvidence
{
    public const string SourceName = "Demo data (Ashgrove Ceramics)";
    public const int Days = 120;
    public const string Currency = "GBP";

    // The reasons the links name, spelled once for the answers and the links alike.
    public const string ShippingSurprise = "Shipping cost surprise";
    public const string AccountRequired = "Had to create an account";
    public const string GlazeUnsure = "Wasn't sure what the glaze would look like in real life";

    private const int Seed = 20_261_122;

    // A quarter of the whole-shop funnel, as the demo roadmap's descriptions quote it.
    private const double SessionsPerDay = 21_000 / RescoreRules.QuarterDays;
    private const double ViewRate = 12_500 / 21_000.0;
    private const double CartRate = 1_800 / 12_500.0;
    private const double CheckoutRate = 1_100 / 1_800.0;
    private const double PurchaseRate = 650 / 1_100.0;

    private const double ReturningCustomerShare = 0.15;
    private const int NpsDelayDays = 14;

    public static IReadOnlyList<DemoLink> Links { get; } =
    [
        new("Show delivery cost on product pages and in the cart",
            new([ShippingSurprise], [], [SurveyType.ExitIntent], FunnelStep.CheckoutStarted)),
        new("Glaze close-up photography and a 'thrown by' maker line on product pages",
            new([GlazeUnsure], [], [SurveyType.PostPurchase], FunnelStep.AddToCart)),
        new("Guest checkout and express payment with Shop Pay and Apple Pay",
            new([AccountRequired], [], [SurveyType.ExitIntent], FunnelStep.CheckoutCompleted)),
        new("Commission request form with glaze, size and lettering options",
            new([], ["commission", "commissions", "bespoke", "custom order"], [SurveyType.FeatureRequest], null)),
        new("Hand-painted initials on mugs as a product option",
            new([], ["initials", "personalised", "personalized", "lettering", "name on"], [SurveyType.FeatureRequest], null)),
        new("Indoor planter range with matching drainage saucers",
            new([], ["planter", "planters", "saucer", "saucers"], [SurveyType.FeatureRequest], null)),
    ];

    /// <summary>Exit-intent answers in the cart and checkout over the whole period (412 a quarter), by reason, with what some of them wrote.</summary>
    private static readonly Answer[] ExitIntent =
    [
        new(ShippingSurprise, 206, 0.5,
        [
            "£7.95 for tracked delivery on one mug felt like a lot",
            "Didn't see the delivery price until the last step",
            "Thought delivery was free, then it added £4.95",
            "Postage was nearly a quarter of the price of the bowl",
            "Wish I'd known the delivery cost before typing in my address",
            "The total jumped at checkout",
        ]),
        new("Just browsing", 108, 0.25,
        [
            "Saving it for payday",
            "Looking for a wedding present, will come back",
            "Just looking today, lovely glazes",
        ]),
        new(AccountRequired, 81, 0.4,
        [
            "I just wanted to pay with Apple Pay",
            "Don't want another password for one order",
            "Why do I need an account to buy a mug?",
            "Couldn't check out as a guest",
        ]),
        new("Price too high", 65, 0.3,
        [
            "Beautiful but a bit much for a mug",
            "Over my budget for a gift this time",
        ]),
        new("Want to see it in person first", 32, 0.3,
        [
            "Do you sell at any markets near Bristol?",
            "Would like to see the colour in person before buying",
        ]),
        new("Wasn't sure about the size", 27, 0.4,
        [
            "No measurements for the serving bowl",
            "Is the large mug a pint?",
        ]),
        new("Couldn't find my payment method", 22, 0.4,
        [
            "No PayPal?",
            "Wanted to pay in instalments",
        ]),
    ];

    /// <summary>Post-purchase answers on the order confirmation page (about three orders in ten), by reason.</summary>
    private static readonly Answer[] PostPurchase =
    [
        new("Nothing, it was easy", 75, 0, []),
        new(GlazeUnsure, 68, 0.5,
        [
            "Couldn't tell from the photos whether the blue was more grey or green",
            "The glaze looked darker on my screen than it is",
            "Photos didn't show the speckle at all",
            "Wish the photos showed the colour in daylight",
        ]),
        new("Worried it would arrive broken", 30, 0, []),
        new("Wasn't sure of the size", 28, 0, []),
        new("Lead time on made-to-order pieces", 25, 0, []),
        new("The delivery cost", 24, 0, []),
    ];

    /// <summary>What buyers add after the post-purchase question, whatever their reason; the maker's card is the commonest comment.</summary>
    private static readonly string[] PostPurchaseComments =
    [
        "Loved knowing who made it",
        "Loved knowing who made it",
        "Loved knowing who made it, the maker's card is a lovely touch",
        "Packed beautifully, not a single chip",
        "Bought it as a gift, fingers crossed it arrives in time",
        "The glaze is even nicer in person",
    ];

    /// <summary>NPS answers about two weeks after an order: 58% promoters, 27% passives, 15% detractors (NPS +43).</summary>
    private static readonly (int Score, int Count)[] NpsScores = [(10, 62), (9, 48), (8, 33), (7, 19), (6, 10), (5, 7), (4, 4), (3, 3), (2, 2), (0, 2)];

    private static readonly string[] PromoterComments =
    [
        "Beautiful pieces and so well packed",
        "No pushy pop-ups, just lovely pottery",
        "Loved knowing who made it",
        "My third order and every piece has been perfect",
        "Gorgeous glazes and quick delivery",
        "Lovely to buy from real makers",
    ];

    private static readonly string[] PassiveComments =
    [
        "Lovely mug but delivery took over a week",
        "Would love another bowl to match the one I bought last year",
        "Nice pieces, a bit pricey",
        "Good, though the colour was a little different from the photo",
    ];

    private static readonly string[] DetractorComments =
    [
        "Had to register just to pay",
        "Mug arrived chipped; you replaced it but it took a while",
        "Delivery cost more than I expected",
        "Forced to create an account, nearly gave up",
    ];

    /// <summary>Answers to "What would you like us to make or offer next?", by topic; only the first three topics are linked.</summary>
    private static readonly Answer[] FeatureRequests =
    [
        new("commissions", 24, 1,
        [
            "A proper commission form please, I emailed twice about a wedding set",
            "Could I commission a set of eight bowls in the Ember glaze?",
            "Bespoke house number plaque in your green glaze",
            "An easier way to ask for a commission with a price up front",
            "Commissions for a dinner set for our new kitchen",
            "Would love to place a custom order for a christening gift",
        ]),
        new("initials", 21, 1,
        [
            "Could you paint initials on the mugs? Would make a lovely gift",
            "Personalised mugs with the children's names",
            "Hand-painted lettering on a wedding plate",
            "Initials on the base of a bowl, like a maker's mark for us",
            "Personalized mug for my sister's birthday",
            "Put a name on a mug for my mum",
        ]),
        new("planters", 11, 1,
        [
            "Indoor planters with a saucer that doesn't leak",
            "Do you make planters? I'd buy three",
            "A planter to match my mugs",
            "Small planters for herbs on the windowsill",
            "Saucers to go under plant pots",
        ]),
        new("gift cards", 10, 1, ["Gift cards please, my family never knows what to get me", "An e-gift card I can send by email"]),
        new("workshops", 10, 1, ["Pottery classes at the studio!", "A wheel-throwing taster as a birthday present"]),
        new("care", 9, 1, ["Say on each page whether it's dishwasher safe", "Microwave and dishwasher info on the listings"]),
        new("sets", 9, 1, ["Matching dinner sets of four", "Sell the mugs as pairs"]),
        new("gift wrap", 9, 1, ["Gift wrapping with a handwritten note", "Send gifts straight to someone with no price inside"]),
        new("large pieces", 8, 1, ["Larger serving platters for Sunday roasts", "A big fruit bowl for the kitchen table"]),
        new("collection", 8, 1, ["Click and collect from the studio", "Let me pick up from the studio to save postage"]),
        new("restock alerts", 8, 1, ["Email me when the speckled oatmeal mugs are back", "Restock alerts for sold-out glazes"]),
        new("delivery abroad", 7, 1, ["Delivery to Ireland please", "Do you ship to France?"]),
        new("seconds", 6, 1, ["A seconds sale for pieces with small flaws", "More seconds at lower prices"]),
    ];

    /// <summary>Prices of the studio's pieces in pence, with how often each is bought.</summary>
    private static readonly (long Pence, int Weight)[] Pieces =
    [
        (2_400, 30), (1_800, 8), (2_200, 12), (2_800, 12), (2_400, 8), (3_200, 8), (5_800, 6), (3_600, 5), (2_600, 6), (4_800, 5),
    ];

    private static readonly int[] PieceWeights = [.. Pieces.Select(p => p.Weight)];

    private static readonly int[] ItemCountWeights = [45, 33, 15, 7];

    /// <summary>When people shop through the day (UTC hours 0-23): quiet at night, busiest in the evening.</summary>
    private static readonly int[] HourWeights = [2, 1, 1, 1, 1, 1, 2, 4, 5, 6, 6, 6, 7, 7, 6, 6, 6, 6, 7, 9, 10, 10, 7, 4];

    private const long FreeDeliveryFrom = 6_500;
    private const long StandardDelivery = 495;
    private const long TrackedDelivery = 795;

    /// <summary>The demo's evidence for the <see cref="Days"/> days before <paramref name="today"/>.</summary>
    public static DemoEvidenceSet Generate(DateOnly today)
    {
        var first = today.AddDays(-Days);
        var funnel = Funnel(first, new Random(Seed));
        var orders = Orders(funnel, new Random(Seed + 1));
        var revenue = orders.GroupBy(o => o.Day).ToDictionary(g => g.Key, g => g.Sum(o => o.Order.TotalMinor));
        var days = funnel.Select(f => f with { Revenue = revenue.GetValueOrDefault(f.Date) }).ToList();

        var responses = new List<SurveyResponse>();
        responses.AddRange(ExitIntentAnswers(days, new Random(Seed + 2)));
        responses.AddRange(PostPurchaseAnswers(orders, new Random(Seed + 3)));
        var nps = NpsAnswers(orders, today, new Random(Seed + 4));
        responses.AddRange(nps);
        responses.AddRange(RequestAnswers(days, orders, nps, new Random(Seed + 5)));

        return new DemoEvidenceSet(
            responses,
            days.Select(d => new FunnelDay
            {
                Date = d.Date,
                Sessions = d.Sessions,
                ProductViews = d.Views,
                AddToCart = d.Carts,
                CheckoutStarted = d.Started,
                CheckoutCompleted = d.Completed,
                RevenueMinor = d.Revenue,
                Currency = Currency,
            }).ToList(),
            orders.Select(o => o.Order).ToList());
    }

    /// <summary>
    /// Each day's traffic follows the week (busiest on Sunday evenings, quietest on Friday) and each step
    /// converts at the quarter's rate give or take a few percent, so a week's conversion never falls
    /// far from the week before's.
    /// </summary>
    private static List<Day> Funnel(DateOnly first, Random random)
    {
        var days = new List<Day>(Days);
        for (var i = 0; i < Days; i++)
        {
            var date = first.AddDays(i);
            var sessions = Round(SessionsPerDay * Weekday(date.DayOfWeek) * Jitter(random, 0.08));
            var views = Round(sessions * ViewRate * Jitter(random, 0.04));
            var carts = Round(views * CartRate * Jitter(random, 0.06));
            var started = Round(carts * CheckoutRate * Jitter(random, 0.06));
            var completed = Round(started * PurchaseRate * Jitter(random, 0.06));
            days.Add(new Day(date, sessions, views, carts, started, completed, 0));
        }

        return days;
    }

    private static double Weekday(DayOfWeek day) => day switch
    {
        DayOfWeek.Sunday => 1.22,
        DayOfWeek.Monday => 1.08,
        DayOfWeek.Tuesday => 0.97,
        DayOfWeek.Wednesday => 0.95,
        DayOfWeek.Thursday => 0.96,
        DayOfWeek.Friday => 0.88,
        _ => 0.94,
    };

    /// <summary>One order per completed checkout, at a time of day people shop; about one in seven from a returning customer.</summary>
    private static List<PlacedOrder> Orders(List<Day> days, Random random)
    {
        var orders = new List<PlacedOrder>();
        var customers = new List<string>();
        foreach (var day in days)
        {
            foreach (var at in TimesOfDay(day.Date, (int)day.Completed, random))
            {
                string customer;
                if (customers.Count > 0 && random.NextDouble() < ReturningCustomerShare)
                {
                    customer = customers[random.Next(customers.Count)];
                }
                else
                {
                    customer = CustomerHash.Of($"demo-customer-{customers.Count + 1:D4}@example.com")!;
                    customers.Add(customer);
                }

                var items = Pick(ItemCountWeights, random) + 1;
                var subtotal = 0L;
                for (var i = 0; i < items; i++)
                {
                    subtotal += Pieces[Pick(PieceWeights, random)].Pence;
                }

                var delivery = subtotal >= FreeDeliveryFrom ? 0 : random.NextDouble() < 0.2 ? TrackedDelivery : StandardDelivery;
                orders.Add(new PlacedOrder(day.Date, new Order
                {
                    ExternalId = $"AC{1001 + orders.Count}",
                    CustomerHash = customer,
                    CreatedAt = at,
                    TotalMinor = subtotal + delivery,
                    Currency = Currency,
                    ItemCount = items,
                }));
            }
        }

        return orders;
    }

    /// <summary>Exit-intent answers spread over the days in proportion to their carts: the survey shows when someone leaves a cart or checkout.</summary>
    private static IEnumerable<SurveyResponse> ExitIntentAnswers(List<Day> days, Random random)
    {
        var reasons = Spread(ExitIntent, random);
        var perDay = Allocate(reasons.Count, days.Select(d => (double)d.Carts).ToList());
        var given = new Dictionary<Answer, int>();
        var k = 0;
        for (var d = 0; d < days.Count; d++)
        {
            foreach (var at in TimesOfDay(days[d].Date, perDay[d], random))
            {
                var answer = reasons[k];
                yield return new SurveyResponse
                {
                    ExternalId = $"demo-exit-{k + 1:D4}",
                    SurveyId = "exit-intent-cart",
                    SurveyType = SurveyType.ExitIntent,
                    SubmittedAt = at,
                    Question = "What's stopping you from completing your order today?",
                    Reason = answer.Reason,
                    Text = Said(answer, given, random),
                    Page = answer.Reason is AccountRequired or "Couldn't find my payment method" ? "/checkout" : "/cart",
                };
                k++;
            }
        }
    }

    /// <summary>About three orders in ten answer on the confirmation page, a few minutes after ordering.</summary>
    private static IEnumerable<SurveyResponse> PostPurchaseAnswers(List<PlacedOrder> orders, Random random)
    {
        var reasons = Spread(PostPurchase, random);
        var given = new Dictionary<Answer, int>();
        for (var k = 0; k < reasons.Count; k++)
        {
            var (day, order) = orders[(int)((k + 0.5) * orders.Count / reasons.Count)];
            var answer = reasons[k];
            var text = Said(answer, given, random) ?? (random.NextDouble() < 0.35 ? PostPurchaseComments[random.Next(PostPurchaseComments.Length)] : null);
            yield return new SurveyResponse
            {
                ExternalId = $"demo-post-{k + 1:D4}",
                SurveyId = "post-purchase",
                SurveyType = SurveyType.PostPurchase,
                SubmittedAt = SameDay(day, order.CreatedAt.AddMinutes(2 + random.Next(20))),
                Question = "Was there anything that nearly stopped you ordering?",
                Reason = answer.Reason,
                Text = text,
                OrderValueMinor = order.TotalMinor,
                Currency = Currency,
                CustomerHash = order.CustomerHash,
                Page = "/thank-you",
            };
        }
    }

    /// <summary>NPS by email about two weeks after an order, from orders old enough for the answer to be in by yesterday.</summary>
    private static List<SurveyResponse> NpsAnswers(List<PlacedOrder> orders, DateOnly today, Random random)
    {
        var lastOrderDay = today.AddDays(-NpsDelayDays - 4);
        var eligible = orders.Where(o => o.Day <= lastOrderDay).ToList();
        var scores = Spread(NpsScores, random);
        var answers = new List<SurveyResponse>(scores.Count);
        for (var k = 0; k < scores.Count; k++)
        {
            var (_, order) = eligible[(int)((k + 0.5) * eligible.Count / scores.Count)];
            var score = scores[k];
            var comments = NetPromoterScore.Categorize(score) switch
            {
                NpsCategory.Promoter => PromoterComments,
                NpsCategory.Passive => PassiveComments,
                _ => DetractorComments,
            };
            answers.Add(new SurveyResponse
            {
                ExternalId = $"demo-nps-{k + 1:D4}",
                SurveyId = "nps-after-delivery",
                SurveyType = SurveyType.NPS,
                SubmittedAt = order.CreatedAt.AddDays(NpsDelayDays).AddMinutes(random.Next(3 * 24 * 60)),
                Question = "How likely are you to recommend Ashgrove Ceramics to a friend?",
                Text = random.NextDouble() < 0.45 ? comments[random.Next(comments.Length)] : null,
                Score = score,
                CustomerHash = order.CustomerHash,
            });
        }

        return answers;
    }

    /// <summary>
    /// Feature requests from the "what should we make next?" box, spread over the days with their visitors;
    /// about half from customers who answered the NPS survey (so their requests weigh by it), a quarter
    /// from other customers, the rest anonymous.
    /// </summary>
    private static IEnumerable<SurveyResponse> RequestAnswers(List<Day> days, List<PlacedOrder> orders, List<SurveyResponse> nps, Random random)
    {
        var topics = Spread(FeatureRequests, random);
        var perDay = Allocate(topics.Count, days.Select(d => (double)d.Sessions).ToList());
        var k = 0;
        for (var d = 0; d < days.Count; d++)
        {
            foreach (var at in TimesOfDay(days[d].Date, perDay[d], random))
            {
                var asker = random.NextDouble() switch
                {
                    < 0.45 => nps[random.Next(nps.Count)].CustomerHash,
                    < 0.70 => orders[random.Next(orders.Count)].Order.CustomerHash,
                    _ => null,
                };
                var topic = topics[k];
                yield return new SurveyResponse
                {
                    ExternalId = $"demo-request-{k + 1:D4}",
                    SurveyId = "what-should-we-make",
                    SurveyType = SurveyType.FeatureRequest,
                    SubmittedAt = at,
                    Question = "What would you like us to make or offer next?",
                    Text = topic.Texts[random.Next(topic.Texts.Length)],
                    CustomerHash = asker,
                    Page = topic.Reason == "commissions" ? "/pages/commissions" : "/",
                };
                k++;
            }
        }
    }

    /// <summary>
    /// The answers in a sequence that holds each in about its share over any stretch of it: each next
    /// place goes to the answer furthest behind its share so far (every count is met exactly), then
    /// places are shuffled within runs of eight so the order does not visibly repeat.
    /// </summary>
    private static List<T> Spread<T>(IReadOnlyList<(T Value, int Count)> answers, Random random)
    {
        var total = answers.Sum(a => a.Count);
        var used = new int[answers.Count];
        var sequence = new List<T>(total);
        for (var k = 0; k < total; k++)
        {
            var behind = 0;
            for (var i = 1; i < answers.Count; i++)
            {
                if (Deficit(answers[i].Count, used[i], k, total) > Deficit(answers[behind].Count, used[behind], k, total))
                {
                    behind = i;
                }
            }

            used[behind]++;
            sequence.Add(answers[behind].Value);
        }

        for (var start = 0; start < total; start += 8)
        {
            for (var i = Math.Min(start + 8, total) - 1; i > start; i--)
            {
                var j = start + random.Next(i - start + 1);
                (sequence[i], sequence[j]) = (sequence[j], sequence[i]);
            }
        }

        return sequence;
    }

    private static List<Answer> Spread(Answer[] answers, Random random) => Spread(answers.Select(a => (a, a.Count)).ToArray(), random);

    private static double Deficit(int count, int used, int k, int total) => ((double)count * (k + 1) / total) - used;

    /// <summary>Splits <paramref name="total"/> over the days in proportion to their weights (largest remainders).</summary>
    private static int[] Allocate(int total, IReadOnlyList<double> weights)
    {
        var sum = weights.Sum();
        var exact = weights.Select(w => w / sum * total).ToArray();
        var counts = exact.Select(e => (int)Math.Floor(e)).ToArray();
        foreach (var i in Enumerable.Range(0, exact.Length).OrderByDescending(i => exact[i] - counts[i]).ThenBy(i => i).Take(total - counts.Sum()))
        {
            counts[i]++;
        }

        return counts;
    }

    /// <summary>
    /// <paramref name="count"/> moments of <paramref name="day"/> at the hours people shop, in order, so
    /// that records numbered in sequence are also in time order.
    /// </summary>
    private static List<DateTime> TimesOfDay(DateOnly day, int count, Random random)
    {
        var midnight = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var times = new List<DateTime>(count);
        for (var i = 0; i < count; i++)
        {
            times.Add(midnight.AddHours(Pick(HourWeights, random)).AddSeconds(random.Next(3600)));
        }

        times.Sort();
        return times;
    }

    /// <summary>An answer given just after an order placed late at night still falls on the order's day (every day of the demo is complete).</summary>
    private static DateTime SameDay(DateOnly day, DateTime at)
    {
        var last = day.ToDateTime(new TimeOnly(23, 59, 59), DateTimeKind.Utc);
        return at > last ? last : at;
    }

    /// <summary>
    /// What the respondent wrote besides the option they chose, if anything: of the answers giving one
    /// option, its text share write something, evenly through the sequence (every other one at 0.5), so
    /// the newest answers an initiative page quotes include some words whatever the seed.
    /// </summary>
    private static string? Said(Answer answer, Dictionary<Answer, int> given, Random random)
    {
        var n = given.GetValueOrDefault(answer);
        given[answer] = n + 1;
        var writes = Math.Floor((n + 1) * answer.TextShare) > Math.Floor(n * answer.TextShare);
        return writes && answer.Texts.Length > 0 ? answer.Texts[random.Next(answer.Texts.Length)] : null;
    }

    private static int Pick(int[] weights, Random random)
    {
        var roll = random.Next(weights.Sum());
        for (var i = 0; i < weights.Length; i++)
        {
            roll -= weights[i];
            if (roll < 0)
            {
                return i;
            }
        }

        return weights.Length - 1;
    }

    private static double Jitter(Random random, double spread) => 1 + (((random.NextDouble() * 2) - 1) * spread);

    private static long Round(double value) => (long)Math.Round(value, MidpointRounding.AwayFromZero);

    /// <param name="Reason">The option chosen (for feature requests: the topic, which is not stored).</param>
    /// <param name="Count">How many give it over the whole period.</param>
    /// <param name="TextShare">The share of them who also write something, one of <paramref name="Texts"/>.</param>
    private sealed record Answer(string Reason, int Count, double TextShare, string[] Texts);

    private sealed record Day(DateOnly Date, long Sessions, long Views, long Carts, long Started, long Completed, long Revenue);

    private sealed record PlacedOrder(DateOnly Day, Order Order);
}
