using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using RoadmapPrioritizer.Infrastructure.Persistence;
using RoadmapPrioritizer.Infrastructure.Roadmap;

namespace RoadmapPrioritizer.Infrastructure.Accounts;

/// <summary>The first admin and the bootstrap token, from configuration (Bootstrap:*).</summary>
public sealed class BootstrapOptions
{
    public const string Section = "Bootstrap";

    public string? AdminEmail { get; set; }

    public string? AdminPassword { get; set; }

    public string? AdminApiToken { get; set; }
}

public sealed record UserSummary(AppUser User, string Role);

/// <summary>Users and roles: the first admin, admin-created accounts, roles, disabling, passwords.</summary>
public sealed class AccountService(
    RoadmapDbContext db,
    UserManager<AppUser> users,
    RoleManager<IdentityRole> roles,
    ApiTokenService tokens,
    TimeProvider time,
    ILogger<AccountService> logger)
{
    public Task<bool> AnyUserAsync(CancellationToken ct) => db.Users.AnyAsync(ct);

    /// <summary>At start-up: roles exist; with no user yet, the configured admin is created; the bootstrap token is current.</summary>
    public async Task BootstrapAsync(BootstrapOptions options, CancellationToken ct)
    {
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                await roles.CreateAsync(new IdentityRole(role));
            }
        }

        var email = options.AdminEmail?.Trim();
        if (!await AnyUserAsync(ct) && !string.IsNullOrEmpty(email))
        {
            if (string.IsNullOrEmpty(options.AdminPassword))
            {
                throw new InvalidOperationException("Bootstrap:AdminEmail is set but Bootstrap:AdminPassword is empty.");
            }

            var created = await CreateUserAsync(email, "Administrator", Roles.Admin, options.AdminPassword, ct);
            if (!created.IsOk)
            {
                throw new InvalidOperationException(
                    "The bootstrap admin could not be created: " + string.Join(" ", created.Errors.SelectMany(e => e.Value)));
            }

            logger.LogInformation("Created the first admin {Email} from configuration", email);
        }

        if (!string.IsNullOrEmpty(options.AdminApiToken))
        {
            var admin = (email is null ? null : await users.FindByEmailAsync(email))
                ?? (await users.GetUsersInRoleAsync(Roles.Admin)).OrderBy(u => u.CreatedAt).FirstOrDefault()
                ?? throw new InvalidOperationException("Bootstrap:AdminApiToken is set but there is no admin to own it; set Bootstrap:AdminEmail too.");
            await tokens.EnsureBootstrapTokenAsync(admin.Id, options.AdminApiToken, ct);
        }
    }

    /// <summary>The one-time setup: works only while no user exists.</summary>
    public async Task<Outcome<AppUser>> CreateFirstAdminAsync(string? email, string? displayName, string? password, CancellationToken ct)
    {
        if (await AnyUserAsync(ct))
        {
            return Outcome<AppUser>.Conflict("email", "Setup is finished: an account already exists. Sign in instead.");
        }

        return await CreateUserAsync(email, displayName, Roles.Admin, password, ct);
    }

    public async Task<Outcome<AppUser>> CreateUserAsync(string? email, string? displayName, string? role, string? password, CancellationToken ct)
    {
        var errors = new FieldErrors();
        email = email?.Trim();
        errors.Add("email", string.IsNullOrEmpty(email) || !email.Contains('@', StringComparison.Ordinal) || email.Length > 256 ? "Enter an email address." : null);
        errors.Add("displayName", displayName?.Trim().Length > AppUser.DisplayNameMaxLength ? $"Name must be at most {AppUser.DisplayNameMaxLength} characters." : null);
        errors.Add("role", role is null || !Roles.All.Contains(role) ? $"Role must be one of {string.Join(", ", Roles.All)}." : null);
        errors.Add("password", string.IsNullOrEmpty(password) ? "Password is required." : null);
        if (errors.Any)
        {
            return Outcome<AppUser>.Invalid(errors);
        }

        if (await users.FindByEmailAsync(email!) is not null)
        {
            return Outcome<AppUser>.Conflict("email", $"An account for {email} already exists.");
        }

        var user = new AppUser
        {
            UserName = email,
            Email = email,
            EmailConfirmed = true,
            DisplayName = string.IsNullOrWhiteSpace(displayName) ? email! : displayName.Trim(),
            CreatedAt = time.GetUtcNow().UtcDateTime,
            LockoutEnabled = true,
        };

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var created = await users.CreateAsync(user, password!);
        if (!created.Succeeded)
        {
            return Invalid(created, "password");
        }

        await users.AddToRoleAsync(user, role!);
        await transaction.CommitAsync(ct);
        return Outcome<AppUser>.Ok(user);
    }

    public async Task<IReadOnlyList<UserSummary>> ListAsync(CancellationToken ct)
    {
        var roleNames = await (from ur in db.UserRoles
                               join r in db.Roles on ur.RoleId equals r.Id
                               select new { ur.UserId, r.Name }).ToListAsync(ct);
        var all = await db.Users.AsNoTracking().OrderBy(u => u.DisplayName).ToListAsync(ct);
        return all.Select(u => new UserSummary(u, roleNames.FirstOrDefault(r => r.UserId == u.Id)?.Name ?? string.Empty)).ToList();
    }

    public async Task<string?> RoleOfAsync(AppUser user) => (await users.GetRolesAsync(user)).FirstOrDefault();

    /// <summary>Each user has one role; changing it replaces the old one.</summary>
    public async Task<Outcome<AppUser>> SetRoleAsync(string userId, string? role, CancellationToken ct)
    {
        if (role is null || !Roles.All.Contains(role))
        {
            var errors = new FieldErrors();
            errors.Add("role", $"Role must be one of {string.Join(", ", Roles.All)}.");
            return Outcome<AppUser>.Invalid(errors);
        }

        var user = await users.FindByIdAsync(userId);
        if (user is null)
        {
            return Outcome<AppUser>.NotFound();
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await users.RemoveFromRolesAsync(user, await users.GetRolesAsync(user));
        await users.AddToRoleAsync(user, role);
        await users.UpdateSecurityStampAsync(user);
        await transaction.CommitAsync(ct);
        return Outcome<AppUser>.Ok(user);
    }

    /// <summary>Disabling ends the user's sessions (new security stamp) and stops their tokens.</summary>
    public async Task<Outcome<AppUser>> SetDisabledAsync(string userId, bool disabled, CancellationToken ct)
    {
        var user = await users.FindByIdAsync(userId);
        if (user is null)
        {
            return Outcome<AppUser>.NotFound();
        }

        user.DisabledAt = disabled ? user.DisabledAt ?? time.GetUtcNow().UtcDateTime : null;
        await users.UpdateAsync(user);
        await users.UpdateSecurityStampAsync(user);
        return Outcome<AppUser>.Ok(user);
    }

    public async Task<Outcome<AppUser>> ChangePasswordAsync(AppUser user, string? current, string? next, CancellationToken ct)
    {
        var result = await users.ChangePasswordAsync(user, current ?? string.Empty, next ?? string.Empty);
        return result.Succeeded ? Outcome<AppUser>.Ok(user) : Invalid(result, "newPassword");
    }

    private static Outcome<AppUser> Invalid(IdentityResult result, string passwordField)
    {
        var errors = new FieldErrors();
        foreach (var error in result.Errors)
        {
            var field = error.Code switch
            {
                "PasswordMismatch" => "currentPassword",
                _ when error.Code.StartsWith("Password", StringComparison.Ordinal) => passwordField,
                "DuplicateUserName" or "DuplicateEmail" or "InvalidEmail" or "InvalidUserName" => "email",
                _ => "body",
            };
            errors.Add(field, error.Description);
        }

        return Outcome<AppUser>.Invalid(errors);
    }
}
