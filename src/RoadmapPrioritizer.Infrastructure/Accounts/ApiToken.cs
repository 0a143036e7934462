using System.Security.Cryptography;
using System.Text;

namespace RoadmapPrioritizer.Infrastructure.Accounts;

/// <summary>
/// A personal API token. Only a SHA-256 hash of the secret is stored: the token is 256 random bits,
/// so a fast hash is enough (no password-stretching needed) and lookups stay a single index seek.
/// </summary>
public sealed class ApiToken
{
    public const int NameMaxLength = 80;
    public const int PrefixLength = 10;
    public const string SecretPrefix = "rp_";

    public int Id { get; private set; }

    public string UserId { get; private set; } = string.Empty;

    public string Name { get; private set; } = string.Empty;

    /// <summary>The first characters of the secret, so a person can tell their tokens apart.</summary>
    public string Prefix { get; private set; } = string.Empty;

    /// <summary>Lower-case hex SHA-256 of the whole secret.</summary>
    public string Hash { get; private set; } = string.Empty;

    public DateTime CreatedAt { get; private set; }

    public DateTime ExpiresAt { get; private set; }

    public DateTime? RevokedAt { get; private set; }

    public DateTime? LastUsedAt { get; private set; }

    /// <summary>Provisioned from Bootstrap:AdminApiToken rather than created by a person.</summary>
    public bool IsBootstrap { get; private set; }

    public bool IsActive(DateTime now) => RevokedAt is null && ExpiresAt > now;

    /// <summary>Issues a token; the secret is returned once and never stored.</summary>
    public static (ApiToken Token, string Secret) Issue(string userId, string name, DateTime now, DateTime expiresAt)
    {
        var secret = SecretPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return (FromSecret(userId, name, secret, now, expiresAt, isBootstrap: false), secret);
    }

    public static ApiToken FromSecret(string userId, string name, string secret, DateTime now, DateTime expiresAt, bool isBootstrap) => new()
    {
        UserId = userId,
        Name = name.Trim(),
        Prefix = secret[..Math.Min(PrefixLength, secret.Length)],
        Hash = HashOf(secret),
        CreatedAt = now,
        ExpiresAt = expiresAt,
        IsBootstrap = isBootstrap,
    };

    public static string HashOf(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    public void Revoke(DateTime now) => RevokedAt ??= now;

    public void MarkUsed(DateTime now) => LastUsedAt = now;
}
