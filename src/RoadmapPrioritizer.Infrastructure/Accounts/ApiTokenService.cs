using Microsoft.EntityFrameworkCore;
using RoadmapPrioritizer.Infrastructure.Persistence;
using RoadmapPrioritizer.Infrastructure.Roadmap;

namespace RoadmapPrioritizer.Infrastructure.Accounts;

/// <summary>A token as created: the secret is in <see cref="Secret"/> this once and never again.</summary>
public sealed record IssuedToken(ApiToken Token, string Secret);

/// <summary>Personal API tokens: issue (secret shown once), list, revoke, and authenticate by hash.</summary>
public sealed class ApiTokenService(RoadmapDbContext db, TimeProvider time)
{
    public const int DefaultLifetimeDays = 90;
    public const int MaxLifetimeDays = 365;

    private static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    public async Task<Outcome<IssuedToken>> IssueAsync(string userId, string? name, int? lifetimeDays, CancellationToken ct)
    {
        var errors = new FieldErrors();
        errors.Add("name", string.IsNullOrWhiteSpace(name) ? "Name the token after what uses it, e.g. \"Nightly import\"."
            : name.Trim().Length > ApiToken.NameMaxLength ? $"Name must be at most {ApiToken.NameMaxLength} characters." : null);
        var days = lifetimeDays ?? DefaultLifetimeDays;
        errors.Add("lifetimeDays", days is < 1 or > MaxLifetimeDays ? $"A token lives 1 to {MaxLifetimeDays} days." : null);
        if (errors.Any)
        {
            return Outcome<IssuedToken>.Invalid(errors);
        }

        var now = time.GetUtcNow().UtcDateTime;
        var (token, secret) = ApiToken.Issue(userId, name!, now, now.AddDays(days));
        db.ApiTokens.Add(token);
        await db.SaveChangesAsync(ct);
        return Outcome<IssuedToken>.Ok(new IssuedToken(token, secret));
    }

    public async Task<IReadOnlyList<ApiToken>> ListAsync(string userId, CancellationToken ct) =>
        await db.ApiTokens.AsNoTracking().Where(t => t.UserId == userId).OrderByDescending(t => t.Id).ToListAsync(ct);

    public async Task<bool> RevokeAsync(string userId, int tokenId, CancellationToken ct)
    {
        var token = await db.ApiTokens.FirstOrDefaultAsync(t => t.Id == tokenId && t.UserId == userId, ct);
        if (token is null)
        {
            return false;
        }

        token.Revoke(time.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>The user a secret belongs to, if the token is live and the user is enabled.</summary>
    public async Task<AppUser?> AuthenticateAsync(string secret, CancellationToken ct)
    {
        if (!secret.StartsWith(ApiToken.SecretPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        var hash = ApiToken.HashOf(secret);
        var token = await db.ApiTokens.FirstOrDefaultAsync(t => t.Hash == hash, ct);
        var now = time.GetUtcNow().UtcDateTime;
        if (token is null || !token.IsActive(now))
        {
            return null;
        }

        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == token.UserId, ct);
        if (user is null || user.IsDisabled)
        {
            return null;
        }

        if (token.LastUsedAt is null || now - token.LastUsedAt > LastUsedResolution)
        {
            token.MarkUsed(now);
            await db.SaveChangesAsync(ct);
        }

        return user;
    }

    /// <summary>Makes <paramref name="secret"/> the user's one bootstrap token, replacing an older one with another value.</summary>
    public async Task EnsureBootstrapTokenAsync(string userId, string secret, CancellationToken ct)
    {
        var hash = ApiToken.HashOf(secret);
        var now = time.GetUtcNow().UtcDateTime;
        var existing = await db.ApiTokens.Where(t => t.UserId == userId && t.IsBootstrap && t.RevokedAt == null).ToListAsync(ct);
        if (existing.Any(t => t.Hash == hash))
        {
            return;
        }

        existing.ForEach(t => t.Revoke(now));
        db.ApiTokens.Add(ApiToken.FromSecret(userId, "Bootstrap admin token", secret, now, now.AddYears(100), isBootstrap: true));
        await db.SaveChangesAsync(ct);
    }
}
