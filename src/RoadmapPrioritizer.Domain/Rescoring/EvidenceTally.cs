using RoadmapPrioritizer.Domain.Evidence;

namespace RoadmapPrioritizer.Domain.Rescoring;

/// <summary>What one link found among the survey responses of a window.</summary>
/// <param name="Responses">Responses of the link's survey types that say something.</param>
/// <param name="Matched">Of those, the ones that match the link.</param>
/// <param name="NewestMatch">When the newest matching response (of any type) was submitted.</param>
/// <param name="Requests">Matching feature requests (whatever types the link accepts), by the asker's NPS group.</param>
public readonly record struct SurveyEvidence(int Responses, int Matched, DateTime? NewestMatch, FeatureRequests Requests)
{
    public static SurveyEvidence None { get; } = new(0, 0, null, FeatureRequests.None);
}

/// <summary>
/// Counts the survey responses of a window for many links at once. Each response counts at most once
/// per link: towards <see cref="SurveyEvidence.Matched"/> when the link accepts its type, towards the
/// newest match whatever its type, and, when it is a feature request, towards the requests of its
/// asker's NPS group. Responses that say nothing (no reason, words or tags) are not counted at all.
/// </summary>
/// <remarks>
/// Links share reasons (10,000 links may name a few hundred), so a response matching through its
/// reason is counted once for that reason, by survey type and asker, and each link adds up its
/// reasons' counts at the end. Only keywords found outside the reason are counted link by link.
/// </remarks>
public sealed class EvidenceTally
{
    private static readonly int Types = Enum.GetValues<SurveyType>().Length;
    private static readonly int Groups = Enum.GetValues<NpsGroup>().Length;

    private readonly EvidenceMatcher _matcher;

    // Per link: the survey types it accepts (bit per type, asked once here rather than per match), the
    // reasons through which a response matches it (ascending) and its keywords.
    private readonly byte[] _accepts;
    private readonly int[][] _reasonsOf;
    private readonly int[][] _phrasesOf;

    // Per reason: responses by type ([reason * Types + type]), feature requests by asker ([reason * Groups + group]),
    // the newest (in ticks; long.MinValue: none), and the types some of its links accept.
    private readonly int[] _reasonTypes;
    private readonly int[] _reasonRequests;
    private readonly long[] _reasonNewest;
    private readonly int[] _reasonAccepts;

    // Per link, the responses that matched it through keywords outside their reason. The newest of those
    // is kept per keyword instead (as per reason): any response in which a link's keyword is found matches the link.
    private readonly Direct[] _direct;
    private readonly int[] _requests;
    private readonly long[] _phraseNewest;

    private readonly int[] _said = new int[Types];
    private int _responses;

    /// <param name="links">The links to count for, identified by their position in this list.</param>
    public EvidenceTally(IReadOnlyList<EvidenceLink> links)
    {
        if (Types > 8)
        {
            throw new InvalidOperationException("Survey types are kept as bits of a byte.");
        }

        _matcher = new EvidenceMatcher(links);
        _accepts = new byte[links.Count];
        for (var i = 0; i < links.Count; i++)
        {
            foreach (var type in Enum.GetValues<SurveyType>())
            {
                _accepts[i] |= (byte)(links[i].Accepts(type) ? 1 << (int)type : 0);
            }
        }

        var reasons = _matcher.ReasonCount;
        _reasonTypes = new int[reasons * Types];
        _reasonRequests = new int[reasons * Groups];
        _reasonNewest = new long[reasons];
        Array.Fill(_reasonNewest, long.MinValue);
        _reasonAccepts = new int[reasons];
        _direct = new Direct[links.Count];
        for (var i = 0; i < links.Count; i++)
        {
            _direct[i].Accepts = _accepts[i];
        }
        var reasonsOf = new List<int>[links.Count];
        for (var reason = 0; reason < reasons; reason++)
        {
            foreach (var link in _matcher.ReasonLinks(reason))
            {
                (reasonsOf[link] ??= []).Add(reason);
                _reasonAccepts[reason] |= _accepts[link];
                _direct[link].ReasonBits |= 1UL << reason;
            }
        }

        _reasonsOf = [.. reasonsOf.Select(r => r is null ? [] : r.ToArray())];
        _requests = new int[links.Count * Groups];
        _phraseNewest = new long[_matcher.PhraseCount];
        Array.Fill(_phraseNewest, long.MinValue);
        var phrasesOf = new List<int>[links.Count];
        for (var phrase = 0; phrase < _matcher.PhraseCount; phrase++)
        {
            foreach (var link in _matcher.PhraseLinks(phrase))
            {
                (phrasesOf[link] ??= []).Add(phrase);
            }
        }

        _phrasesOf = [.. phrasesOf.Select(p => p is null ? [] : p.ToArray())];
    }

    /// <summary>Responses of this type that say something.</summary>
    public int Said(SurveyType type) => _said[(int)type];

    /// <summary>
    /// Counts one response, submitted at a UTC time. <paramref name="asker"/> is the NPS group of whoever
    /// sent it, read only for feature requests. Returns whether it matched, with a type it accepts, at least one link (with one
    /// link: whether it counted towards that link's matches). Allocates nothing; not thread-safe.
    /// </summary>
    public bool Add(SurveyType type, DateTime submittedAt, string? reason, string? text, string? tags, NpsGroup asker)
    {
        if (submittedAt.Kind != DateTimeKind.Utc)
        {
            throw new ArgumentException("Submission times are UTC.", nameof(submittedAt));
        }

        if (!NpsGroups.SaysSomething(reason, text, tags))
        {
            return false; // a bare score says nothing an initiative could match
        }

        var t = (int)type;
        var bit = 1 << t;
        var request = type == SurveyType.FeatureRequest;
        _said[t]++;
        var number = ++_responses;
        var counted = false;
        var byReason = _matcher.Scan(reason, text, tags);
        if (byReason >= 0)
        {
            _reasonTypes[(byReason * Types) + t]++;
            _reasonNewest[byReason] = Math.Max(_reasonNewest[byReason], submittedAt.Ticks);
            if (request)
            {
                _reasonRequests[(byReason * Groups) + (int)asker]++;
            }

            counted = (_reasonAccepts[byReason] & bit) != 0;
        }

        // Up to hundreds of links a response, so no branch the data decides: a type the link does not accept adds 0.
        var reasonBit = byReason >= 0 ? 1UL << byReason : 0;
        var any = 0;
        foreach (var phrase in _matcher.Hits)
        {
            _phraseNewest[phrase] = Math.Max(_phraseNewest[phrase], submittedAt.Ticks);
            foreach (var link in _matcher.PhraseLinks(phrase))
            {
                ref var direct = ref _direct[link];
                if (direct.Seen == number
                    || ((direct.ReasonBits & reasonBit) != 0 && _reasonsOf[link].AsSpan().Contains(byReason)))
                {
                    continue; // counted already: through another keyword, or through the reason
                }

                direct.Seen = number;
                var accepted = (direct.Accepts >> t) & 1;
                direct.Matched += accepted;
                any |= accepted;
                if (request)
                {
                    _requests[(link * Groups) + (int)asker]++;
                }
            }
        }

        counted |= any != 0;
        return counted;
    }

    /// <summary>What the responses added so far say about one link.</summary>
    public SurveyEvidence For(int link)
    {
        var accepts = _accepts[link];
        var responses = 0;
        for (var t = 0; t < Types; t++)
        {
            responses += (accepts & (1 << t)) != 0 ? _said[t] : 0;
        }

        var matched = _direct[link].Matched;
        var newest = long.MinValue;
        foreach (var phrase in _phrasesOf[link])
        {
            newest = Math.Max(newest, _phraseNewest[phrase]);
        }

        Span<int> requests = stackalloc int[Groups];
        _requests.AsSpan(link * Groups, Groups).CopyTo(requests);
        foreach (var reason in _reasonsOf[link])
        {
            for (var t = 0; t < Types; t++)
            {
                matched += (accepts & (1 << t)) != 0 ? _reasonTypes[(reason * Types) + t] : 0;
            }

            newest = Math.Max(newest, _reasonNewest[reason]);

            for (var g = 0; g < Groups; g++)
            {
                requests[g] += _reasonRequests[(reason * Groups) + g];
            }
        }

        var byAsker = new FeatureRequests(
            requests[(int)NpsGroup.Detractor], requests[(int)NpsGroup.Passive], requests[(int)NpsGroup.Promoter], requests[(int)NpsGroup.Unknown]);
        return new SurveyEvidence(responses, matched, newest == long.MinValue ? null : new DateTime(newest, DateTimeKind.Utc), byAsker);
    }

    /// <summary>One link's own counts, kept together: the hot loop touches one cache line per link.</summary>
    private struct Direct
    {
        /// <summary>
        /// Bit (reason % 64) set for each reason the link is matched through: a clear bit proves a
        /// response's reason is not one of them without looking at the list.
        /// </summary>
        public ulong ReasonBits;

        /// <summary>The number of the last response counted here (0: none yet).</summary>
        public int Seen;

        public int Matched;

        /// <summary>The link's survey types, as in <c>_accepts</c>: read in the hot loop, so kept here too.</summary>
        public int Accepts;
    }
}
