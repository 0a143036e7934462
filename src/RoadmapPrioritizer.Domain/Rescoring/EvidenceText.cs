using System.Text;

namespace RoadmapPrioritizer.Domain.Rescoring;

/// <summary>
/// How evidence text is compared: as its words (letters and digits) in lower case, one space apart,
/// so "Shipping cost too high!" and "shipping  cost too high" are the same reason, and the keyword
/// "shipping cost" is found in "The shipping cost was a shock" but not in "shippingcost".
/// </summary>
public static class EvidenceText
{
    private const char NotInWord = '\0';

    /// <summary>Each ASCII character as it stands in a word (lower case), or <see cref="NotInWord"/>.</summary>
    private static readonly char[] AsciiWordChars =
        [.. Enumerable.Range(0, 128).Select(i => (char)i).Select(c => char.IsLetterOrDigit(c) ? char.ToLowerInvariant(c) : NotInWord)];

    public static string Normalize(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var buffer = new StringBuilder(text.Length);
        AppendNormalized(buffer, text);
        return buffer.ToString();
    }

    /// <summary>
    /// Writes the words of <paramref name="text"/> to <paramref name="destination"/> as <see cref="Normalize(string?)"/>
    /// would, without allocating; returns how many characters it wrote. The destination needs room for
    /// <paramref name="text"/>'s length (normalizing never lengthens a text).
    /// </summary>
    public static int Normalize(ReadOnlySpan<char> text, Span<char> destination)
    {
        // Every survey response passes here on a rescore; most text is ASCII, which a table answers.
        var ascii = AsciiWordChars;
        var length = 0;
        var inWord = false;
        foreach (var c in text)
        {
            var lower = c < 128 ? ascii[c] : char.IsLetterOrDigit(c) ? char.ToLowerInvariant(c) : NotInWord;
            if (lower != NotInWord)
            {
                if (!inWord && length > 0)
                {
                    destination[length++] = ' ';
                }

                destination[length++] = lower;
                inWord = true;
            }
            else
            {
                inWord = false;
            }
        }

        return length;
    }

    /// <summary>Appends the words of <paramref name="text"/> to <paramref name="buffer"/>, one space apart, with no leading or trailing space.</summary>
    public static void AppendNormalized(StringBuilder buffer, ReadOnlySpan<char> text)
    {
        var inWord = false;
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c))
            {
                if (!inWord && buffer.Length > 0)
                {
                    buffer.Append(' ');
                }

                buffer.Append(char.ToLowerInvariant(c));
                inWord = true;
            }
            else
            {
                inWord = false;
            }
        }
    }
}
