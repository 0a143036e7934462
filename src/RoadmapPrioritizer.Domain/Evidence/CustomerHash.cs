using System.Security.Cryptography;
using System.Text;

namespace RoadmapPrioritizer.Domain.Evidence;

/// <summary>
/// Customers are stored only as a hash of their identifier (e-mail or platform id), so evidence can
/// count repeat buyers and link a respondent to orders without keeping personal data.
/// </summary>
public static class CustomerHash
{
    public const int Length = 32;

    /// <summary>The first 128 bits of SHA-256 over the trimmed, lower-cased identifier, as hex; null for none.</summary>
    public static string? Of(string? identifier)
    {
        if (string.IsNullOrWhiteSpace(identifier))
        {
            return null;
        }

        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(identifier.Trim().ToLowerInvariant()));
        return Convert.ToHexStringLower(digest.AsSpan(0, Length / 2));
    }
}
