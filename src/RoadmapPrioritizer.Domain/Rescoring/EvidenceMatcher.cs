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
    private readonly Dictionary<string, int> _reasons = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _phrases = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _reasonLookup;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _phraseLookup;

    // Every response with the same reason matches the same links through it (the reason's own links and
    // those of the keywords in it), so that set is worked out once per reason, here.
    private readonly int[][] _reasonLinks;
    private readonly int[][] _phraseLinks;

    // The longest keyword, in words: no longer run of a text needs looking up.
    private readonly int _phraseWords;

    // Every response passes here (hundreds of thousands a night), so matching allocates nothing: text is
    // normalized into one reused buffer, and matched links are bits (one per link), read back in order.
    private readonly ulong[] _matched;
    private readonly List<int> _result = [];
    private readonly List<int> _hits = [];
    private char[] _buffer = new char[256];

    // A survey offers a few reasons, so the same reason text arrives again and again: each one is
    // normalized and looked up once, up to this many (free text in the reason field is looked up each time).
    private const int SeenReasonsLimit = 10_000;
    private readonly Dictionary<string, (int Reason, int[] Phrases)> _seenReasons = new(StringComparer.Ordinal);

    /// <param name="links">The links to match, identified by their position in this list.</param>
    public EvidenceMatcher(IReadOnlyList<EvidenceLink> links)
    {
        var reasons = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        var phrases = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var i = 0; i < links.Count; i++)
        {
            foreach (var reason in links[i].Reasons)
            {
                Add(reasons, EvidenceText.Normalize(reason), i);
            }

            foreach (var keyword in links[i].Keywords)
            {
                var phrase = EvidenceText.Normalize(keyword);
                var words = phrase.Length == 0 ? 0 : phrase.Count(c => c == ' ') + 1;
                if (words <= EvidenceLink.KeywordMaxWords)
                {
                    Add(phrases, phrase, i);
                    _phraseWords = Math.Max(_phraseWords, words);
                }
            }
        }

        _phraseLinks = new int[phrases.Count][];
        foreach (var (phrase, linked) in phrases)
        {
            _phraseLinks[_phrases.Count] = [.. linked];
            _phrases.Add(phrase, _phrases.Count);
        }

        _reasonLookup = _reasons.GetAlternateLookup<ReadOnlySpan<char>>();
        _phraseLookup = _phrases.GetAlternateLookup<ReadOnlySpan<char>>();
        _matched = new ulong[(links.Count + 63) / 64];

        _reasonLinks = new int[reasons.Count][];
        foreach (var (reason, linked) in reasons)
        {
            _hits.Clear();
            FindPhrases(reason);
            _reasonLinks[_reasons.Count] = [.. linked.Concat(_hits.SelectMany(h => _phraseLinks[h])).Distinct().Order()];
            _reasons.Add(reason, _reasons.Count);
        }

        _hits.Clear();
    }

    /// <summary>How many different reasons the links name; <see cref="Scan"/> numbers them from 0.</summary>
    internal int ReasonCount => _reasonLinks.Length;

    /// <summary>How many different keywords the links name, numbered from 0.</summary>
    internal int PhraseCount => _phraseLinks.Length;

    /// <summary>The keywords found by the last <see cref="Scan"/>, by number; one found twice is listed twice.</summary>
    internal ReadOnlySpan<int> Hits => System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_hits);

    /// <summary>
    /// The positions of the links the response matches, each once, in ascending order. The list is
    /// reused by the next call: read it before matching again. Not thread-safe.
    /// </summary>
    public IReadOnlyList<int> Match(string? reason, string? text, string? tags)
    {
        _result.Clear();
        var byReason = Scan(reason, text, tags);
        if (byReason < 0 && _hits.Count == 0)
        {
            return _result;
        }

        if (byReason >= 0)
        {
            Mark(_reasonLinks[byReason]);
        }

        foreach (var hit in _hits)
        {
            Mark(_phraseLinks[hit]);
        }

        for (var word = 0; word < _matched.Length; word++)
        {
            for (var bits = _matched[word]; bits != 0; bits &= bits - 1)
            {
                _result.Add((word * 64) + System.Numerics.BitOperations.TrailingZeroCount(bits));
            }

            _matched[word] = 0;
        }

        return _result;
    }

    /// <summary>The links every response with reason number <paramref name="reason"/> matches through its reason (the reason itself or keywords in it), ascending.</summary>
    internal int[] ReasonLinks(int reason) => _reasonLinks[reason];

    /// <summary>The links with keyword number <paramref name="phrase"/>, ascending.</summary>
    internal int[] PhraseLinks(int phrase) => _phraseLinks[phrase];

    /// <summary>
    /// Looks one response up without listing its links: returns the number of its reason when that is
    /// one of the links' reasons (-1 otherwise), and leaves in <see cref="Hits"/> the keywords found
    /// elsewhere: in its text and tags, and in its reason when that is none of the links' reasons.
    /// A response's matches are <see cref="ReasonLinks"/> and the hits together.
    /// </summary>
    internal int Scan(string? reason, string? text, string? tags)
    {
        _hits.Clear();
        var byReason = -1;
        if (!string.IsNullOrEmpty(reason))
        {
            if (_seenReasons.TryGetValue(reason, out var seen))
            {
                _hits.AddRange(seen.Phrases);
            }
            else
            {
                var length = Normalize(reason);
                if (length == 0 || !_reasonLookup.TryGetValue(_buffer.AsSpan(0, length), out seen.Reason))
                {
                    seen.Reason = -1;
                    FindPhrases(_buffer.AsSpan(0, length));
                }

                seen.Phrases = seen.Reason < 0 ? [.. _hits] : [];
                if (_seenReasons.Count < SeenReasonsLimit)
                {
                    _seenReasons.Add(reason, seen);
                }
            }

            byReason = seen.Reason;
        }

        if (_phrases.Count > 0)
        {
            FindPhrases(_buffer.AsSpan(0, Normalize(text)));
            FindPhrases(_buffer.AsSpan(0, Normalize(tags)));
        }

        return byReason;
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

    /// <summary>Adds to the hits every keyword found as a run of whole words in the normalized text.</summary>
    private void FindPhrases(ReadOnlySpan<char> normalized)
    {
        // Normalized text is words one space apart: each word starts a run of up to _phraseWords words.
        for (var start = 0; start < normalized.Length && _phraseWords > 0;)
        {
            var next = normalized.Length;
            var end = start;
            for (var words = 1; words <= _phraseWords && end < normalized.Length; words++)
            {
                var space = normalized[end..].IndexOf(' ');
                end = space < 0 ? normalized.Length : end + space;
                if (_phraseLookup.TryGetValue(normalized[start..end], out var byPhrase))
                {
                    _hits.Add(byPhrase);
                }

                next = words == 1 ? end + 1 : next;
                end++;
            }

            start = next;
        }
    }

    private void Mark(int[] links)
    {
        foreach (var link in links)
        {
            _matched[link >> 6] |= 1UL << link;
        }
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
    public static bool SaysSomething(SurveyResponse response) => SaysSomething(response.Reason, response.Text, response.Tags);

    /// <inheritdoc cref="SaysSomething(SurveyResponse)"/>
    public static bool SaysSomething(string? reason, string? text, string? tags) =>
        !string.IsNullOrWhiteSpace(reason) || !string.IsNullOrWhiteSpace(text) || !string.IsNullOrWhiteSpace(tags);
}
