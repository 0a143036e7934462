using System.Text;
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
    private readonly Dictionary<string, List<int>>.AlternateLookup<ReadOnlySpan<char>> _phraseLookup;
    private readonly StringBuilder _buffer = new();
    private readonly List<int> _wordStarts = [];
    private readonly HashSet<int> _matched = [];
    private readonly List<int> _result = [];

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

        _phraseLookup = _phrases.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>
    /// The positions of the links the response matches, each once, in ascending order. The list is
    /// reused by the next call: read it before matching again. Not thread-safe.
    /// </summary>
    public IReadOnlyList<int> Match(string? reason, string? text, string? tags)
    {
        _matched.Clear();
        _result.Clear();
        var normalizedReason = EvidenceText.Normalize(reason);
        if (_reasons.TryGetValue(normalizedReason, out var byReason))
        {
            _matched.UnionWith(byReason);
        }

        if (_phrases.Count > 0)
        {
            FindPhrases(normalizedReason);
            FindPhrases(text);
            FindPhrases(tags);
        }

        _result.AddRange(_matched);
        _result.Sort();
        return _result;
    }

    private void FindPhrases(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return;
        }

        _buffer.Clear();
        EvidenceText.AppendNormalized(_buffer, text);
        _wordStarts.Clear();
        for (var i = 0; i < _buffer.Length; i++)
        {
            if (i == 0 || _buffer[i - 1] == ' ')
            {
                _wordStarts.Add(i);
            }
        }

        var normalized = _buffer.ToString();
        for (var w = 0; w < _wordStarts.Count; w++)
        {
            for (var length = 1; length <= EvidenceLink.KeywordMaxWords && w + length <= _wordStarts.Count; length++)
            {
                var end = w + length < _wordStarts.Count ? _wordStarts[w + length] - 1 : normalized.Length;
                if (_phraseLookup.TryGetValue(normalized.AsSpan(_wordStarts[w], end - _wordStarts[w]), out var byPhrase))
                {
                    _matched.UnionWith(byPhrase);
                }
            }
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
    public static bool SaysSomething(SurveyResponse response) =>
        !string.IsNullOrWhiteSpace(response.Reason) || !string.IsNullOrWhiteSpace(response.Text) || !string.IsNullOrWhiteSpace(response.Tags);
}
