using System.Globalization;

namespace RoadmapPrioritizer.Domain.Evidence;

/// <summary>Amounts are stored as whole minor units (cents, pence) of their currency, never as floating point.</summary>
public static class Money
{
    public const string DefaultCurrency = "USD";

    /// <summary>ISO 4217 currencies with no minor unit (exponent 0) that a shop may sell in.</summary>
    private static readonly HashSet<string> ZeroDecimal = new(StringComparer.OrdinalIgnoreCase)
    {
        "BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF", "UGX", "VND", "VUV", "XAF", "XOF", "XPF",
    };

    public static int MinorDigits(string currency) => ZeroDecimal.Contains(currency) ? 0 : 2;

    public static string? ValidateCurrency(string? currency) =>
        currency is { Length: 3 } && currency.All(char.IsAsciiLetter) ? null : "Currency must be a three-letter ISO 4217 code such as GBP.";

    /// <summary>Minor units of <paramref name="amount"/> in <paramref name="currency"/>; more decimals than the currency has are an error, not rounded away.</summary>
    public static long? ToMinor(decimal amount, string currency, out string? error)
    {
        var scaled = amount * Pow10(MinorDigits(currency));
        if (scaled != decimal.Truncate(scaled))
        {
            error = $"{amount.ToString(CultureInfo.InvariantCulture)} has more decimals than {currency.ToUpperInvariant()} allows.";
            return null;
        }

        if (scaled is > long.MaxValue or < long.MinValue)
        {
            error = "Amount is too large.";
            return null;
        }

        error = null;
        return (long)scaled;
    }

    /// <summary>Parses a decimal amount written with a dot ("12.50", "-3", "1e3" is refused).</summary>
    public static long? ParseMinor(string text, string currency, out string? error)
    {
        if (!decimal.TryParse(text.Trim(), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount))
        {
            error = $"'{Shorten(text)}' is not an amount (write it like 12.50).";
            return null;
        }

        return ToMinor(amount, currency, out error);
    }

    public static decimal FromMinor(long minor, string currency) => minor / Pow10(MinorDigits(currency));

    private static decimal Pow10(int digits) => digits == 0 ? 1m : 100m;

    /// <summary>A value quoted in an error message, cut to 40 characters.</summary>
    public static string Shorten(string text) => text.Length <= 40 ? text : string.Concat(text.AsSpan(0, 40), "…");
}
