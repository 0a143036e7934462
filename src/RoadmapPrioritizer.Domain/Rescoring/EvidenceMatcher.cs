using RoadmapPrioritizer.Domain.Evidence;

namespace RoadmapPrioritizer.Domain.Rescoring;

/// <summary>
/// Finds which links a survey response matches, for many links at once: a response matches a link
/// when its reason is one of the link's reasons (same words) or when one of the link's keywords
/// appears as whole words in its reason, text or tags. Reasons and phrases are looked up in hash
/// tables, so a response costs the same whether 10 or 10,000 initiatives are linked.
/// Survey types are not checked here: <see cref="EvidenceLink.Accepts"/> says whether a match counts.
/// </summary>
public sealed class EvidenceMatcher
{
    private readonly Dictionary<string, List<int>> _reasons = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<int>> _phrases = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<int>>.AlternateLookup<ReadOnlySpan<char>> _reasonLookup;
    private readonly Dictionary<string, List<int>>.AlternateLookup<ReadOnlySpan<char>> _phraseLookup;

    // Every response passes here (hundreds of thousands a night), so matching allocates nothing: text is
    // normalized into one reused buffer, and matched links are bits (one per link), read back in order.
    private readonly ulong[] _matched;
    private readonly List<int> _wordStarts = [];
    private readonly List<int> _result = [];
    private char[] _buffer = new char[256];
    private bool _any;

    /// <param name="links">The links to match, identified by their position in this list.</param>
    public EvidenceMatcher(IReadOnlyList<EvidenceLink> links)
    {
        for (var i = 0; i < links.Count; i++)
        {
            foreach (var reason in links[i].Reasons)
            {
                Add(_reasons, EvidenceText.Normalize(reason), i);
            }

            foreach (var keyword in links[i].Keywords)
            {
                Add(_phrases, EvidenceText.Normalize(keyword), i);
            }
        }

        _reasonLookup = _reasons.GetAlternateLookup<ReadOnlySpan<char>>();
        _phraseLookup = _phrases.GetAlternateLookup<ReadOnlySpan<char>>();
        _matched = new ulong[(links.Count + 63) / 64];
    }

    /// <summary>
    /// The positions of the links the response matches, each once, in ascending order. The list is
    /// reused by the next call: read it before matching again. Not thread-safe.
    /// </summary>
    public IReadOnlyList<int> Match(string? reason, string? text, string? tags)
    {
        _result.Clear();
        _any = false;
        var reasonLength = Normalize(reason);
        if (reasonLength > 0 && _reasonLookup.TryGetValue(_buffer.AsSpan(0, reasonLength), out var byReason))
        {
            Mark(byReason);
        }

        if (_phrases.Count > 0)
        {
            FindPhrases(reasonLength);
            FindPhrases(Normalize(text));
            FindPhrases(Normalize(tags));
        }

        if (_any)
        {
            for (var word = 0; word < _matched.Length; word++)
            {
                for (var bits = _matched[word]; bits != 0; bits &= bits - 1)
                {
                    _result.Add((word * 64) + System.Numerics.BitOperations.TrailingZeroCount(bits));
                }

                _matched[word] = 0;
            }
        }

        return _result;
    }

    /// <summary>Normalizes <paramref name="text"/> into the buffer; returns its length there.</summary>
    private int Normalize(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return 0;
        }

        if (_buffer.Length < text.Length)
        {
            _buffer = new char[Math.Max(text.Length, _buffer.Length * 2)];
        }

        return EvidenceText.Normalize(text, _buffer);
    }

    /// <summary>Looks up every run of up to <see cref="EvidenceLink.KeywordMaxWords"/> words of the normalized text in the buffer.</summary>
    private void FindPhrases(int length)
    {
        if (length == 0)
        {
            return;
        }

        var normalized = _buffer.AsSpan(0, length);
        _wordStarts.Clear();
        for (var i = 0; i < length; i++)
        {
            if (i == 0 || normalized[i - 1] == ' ')
            {
                _wordStarts.Add(i);
            }
        }

        for (var w = 0; w < _wordStarts.Count; w++)
        {
            for (var words = 1; words <= EvidenceLink.KeywordMaxWords && w + words <= _wordStarts.Count; words++)
            {
                var end = w + words < _wordStarts.Count ? _wordStarts[w + words] - 1 : length;
                if (_phraseLookup.TryGetValue(normalized[_wordStarts[w]..end], out var byPhrase))
                {
                    Mark(byPhrase);
                }
            }
        }
    }

    private void Mark(List<int> links)
    {
        foreach (var link in links)
        {
            _matched[link >> 6] |= 1UL << link;
        }

        _any = true;
    }

    private static void Add(Dictionary<string, List<int>> index, string key, int link)
    {
        if (key.Length == 0)
        {
            return;
        }

        if (!index.TryGetValue(key, out var links))
        {
            index[key] = links = [];
        }

        if (links.Count == 0 || links[^1] != link)
        {
            links.Add(link);
        }
    }
}

/// <summary>The customer's latest NPS answer sorts them: 0-6 detractor, 7-8 passive, 9-10 promoter (Reichheld, 2003).</summary>
public enum NpsGroup
{
    Unknown,
    Detractor,
    Passive,
    Promoter,
}

public static class NpsGroups
{
    public static NpsGroup Of(double? npsScore) => npsScore switch
    {
        null => NpsGroup.Unknown,
        <= 6 => NpsGroup.Detractor,
        <= 8 => NpsGroup.Passive,
        _ => NpsGroup.Promoter,
    };

    /// <summary>Whether a response counts as saying something an initiative could match: a reason, words, or tags.</summary>
    public static bool SaysSomething(SurveyResponse response) =>
        !string.IsNullOrWhiteSpace(response.Reason) || !string.IsNullOrWhiteSpace(response.Text) || !string.IsNullOrWhiteSpace(response.Tags);
}
