using System.Globalization;
using System.Text;

namespace RoadmapPrioritizer.Bench.Ingest;

/// <summary>
/// A survey export as a shop's tools write one: a few kinds of survey, times in order, a long tail of
/// reasons, free text from nothing to a paragraph (some with commas, quotes and line breaks), scores
/// where the survey asks for one, order values after a purchase, repeat customers. The same seed and
/// row count give the same file, byte for byte.
/// </summary>
internal static class SurveyCsv
{
    public const string Header = "external_id,survey_type,submitted_at,reason,text,score,order_value,currency,customer,page";

    private const string IdAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789";

    private static readonly DateTime First = new(2024, 11, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly TimeSpan Span = TimeSpan.FromDays(730);

    private static readonly (string Type, int Weight)[] Types =
        [("exit-intent", 30), ("post-purchase", 30), ("NPS", 25), ("CSAT", 10), ("feature-request", 5)];

    private static readonly string[] Reasons =
    [
        "Shipping cost too high", "Delivery takes too long", "Just browsing", "Price is too high", "Need to measure first",
        "Couldn't find my size", "Wanted to compare with other shops", "Checkout asked for too much", "No PayPal option",
        "Unsure about the glaze colour", "Wanted more photos", "Worried about breakage in transit", "Waiting for payday",
        "Gift for someone else", "Found it on Instagram", "Saw it at a craft fair", "Recommended by a friend",
        "Returning customer", "Love the handmade look", "Wanted a custom engraving", "Out of stock in my colour",
        "Discount code didn't work", "Account creation required", "Site was slow", "Page looked broken on my phone",
        "Prefer to buy in person", "Couldn't find care instructions", "Want matching set", "Unclear returns policy", "Other",
    ];

    private static readonly string[] Phrases =
    [
        "The mug arrived beautifully packed", "shipping to Ireland doubled the price", "I love that every piece is different",
        "the sage glaze looks greener in person", "would buy again", "it took nine days to arrive",
        "please add a gift-wrap option", "the checkout kept asking me to create an account", "lovely note in the box",
        "the \"seconds\" sale is a great idea", "one plate had a small chip, replaced quickly", "photos don't show the size well",
        "I wanted the set of four, not two", "your Instagram stories sold me", "it's heavier than I expected",
        "can you ship to Norway", "the discount code WELCOME10 failed", "customer service answered within an hour",
        "the glaze is food safe, right", "more colours please", "I bought it as a wedding present, they loved it",
    ];

    private static readonly string[] Pages =
    [
        "/", "/cart", "/checkout", "/collections/mugs", "/collections/plates", "/collections/seconds",
        "/products/stoneware-mug-sage", "/products/speckled-bowl", "/products/dinner-plate-set", "/products/bud-vase-ash",
        "/pages/shipping", "/pages/about-the-studio", "/account/orders",
    ];

    private static readonly string[] Currencies = ["GBP", "GBP", "GBP", "USD", "EUR"];

    /// <summary>Writes the header and <paramref name="rows"/> responses; returns the file's size in bytes.</summary>
    public static long Write(string path, int rows, int seed)
    {
        var random = new Random(seed);
        var line = new StringBuilder(1024);
        using (var writer = new StreamWriter(path, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), 1 << 16))
        {
            writer.Write(Header);
            writer.Write('\n');
            for (var i = 0; i < rows; i++)
            {
                line.Clear();
                AppendRow(line, random, i, rows);
                line.Append('\n');
                writer.Write(line);
            }
        }

        return new FileInfo(path).Length;
    }

    private static void AppendRow(StringBuilder line, Random random, int index, int rows)
    {
        var type = Pick(random, Types);
        var submittedAt = First + (Span * ((double)index / rows)) + TimeSpan.FromSeconds(random.Next(0, 600));
        var hasOrder = type == "post-purchase" || random.Next(100) < 15;

        // A random token with the row number on the end: unique, and in no particular order, as Typeform's are.
        for (var i = 0; i < 12; i++)
        {
            line.Append(IdAlphabet[random.Next(IdAlphabet.Length)]);
        }

        line.Append('-').Append(index.ToString(CultureInfo.InvariantCulture)).Append(',');
        line.Append(type).Append(',');
        line.Append(submittedAt.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)).Append(',');
        if (random.Next(100) >= 10)
        {
            // Lower indexes come up more often: a few reasons dominate, as they do in real answers.
            line.Append(Reasons[Math.Min(random.Next(Reasons.Length), random.Next(Reasons.Length))]);
        }

        line.Append(',');
        AppendField(line, Text(random));
        line.Append(',');
        line.Append(type switch
        {
            "NPS" => random.Next(0, 11).ToString(CultureInfo.InvariantCulture),
            "CSAT" or "post-purchase" when random.Next(2) == 0 => random.Next(1, 6).ToString(CultureInfo.InvariantCulture),
            _ => "",
        });
        line.Append(',');
        if (hasOrder)
        {
            var pence = random.Next(1_200, 45_000);
            line.Append((pence / 100).ToString(CultureInfo.InvariantCulture)).Append('.').Append((pence % 100).ToString("00", CultureInfo.InvariantCulture));
        }

        line.Append(',');
        if (hasOrder)
        {
            line.Append(Currencies[random.Next(Currencies.Length)]);
        }

        line.Append(',');
        if (random.Next(100) < 80)
        {
            line.Append("customer").Append(random.Next(200_000).ToString(CultureInfo.InvariantCulture)).Append("@example.com");
        }

        line.Append(',');
        line.Append(Pages[random.Next(Pages.Length)]);
    }

    /// <summary>Nothing for a third of answers, else one to six phrases; now and then a second paragraph.</summary>
    private static string Text(Random random)
    {
        if (random.Next(100) < 35)
        {
            return "";
        }

        var text = new StringBuilder();
        var count = 1 + (int)Math.Floor(Math.Pow(random.NextDouble(), 2) * 6);
        for (var i = 0; i < count; i++)
        {
            text.Append(i == 0 ? "" : random.Next(3) == 0 ? ". " : ", ");
            text.Append(Phrases[random.Next(Phrases.Length)]);
            if (random.Next(100) == 0)
            {
                text.Append(".\n\nAlso ");
            }
        }

        return text.Append('.').ToString();
    }

    /// <summary>RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled.</summary>
    private static void AppendField(StringBuilder line, string value)
    {
        if (value.AsSpan().IndexOfAny(",\"\n\r") < 0)
        {
            line.Append(value);
            return;
        }

        line.Append('"').Append(value.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
    }

    private static string Pick(Random random, (string Value, int Weight)[] choices)
    {
        var roll = random.Next(choices.Sum(c => c.Weight));
        foreach (var (value, weight) in choices)
        {
            if (roll < weight)
            {
                return value;
            }

            roll -= weight;
        }

        return choices[^1].Value;
    }
}
