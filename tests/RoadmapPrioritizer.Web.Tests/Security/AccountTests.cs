using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RoadmapPrioritizer.Infrastructure.Accounts;
using RoadmapPrioritizer.Infrastructure.Persistence;
using RoadmapPrioritizer.Web.Tests.Api;

namespace RoadmapPrioritizer.Web.Tests.Security;

/// <summary>Bootstrap, tokens, lockout and forms, on both providers.</summary>
public abstract class AccountTests<TApp>(TApp app) : IClassFixture<TApp>
    where TApp : AppFixture
{
    [Fact]
    public async Task Bootstrap_CreatesTheConfiguredAdmin_WhoseTokenWorks()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var accounts = scope.ServiceProvider.GetRequiredService<AccountService>();
        var admin = (await accounts.ListAsync(CancellationToken.None)).Single(u => u.User.Email == AppFixture.AdminEmail);

        admin.Role.Should().Be(Roles.Admin);
        (await app.Client.GetAsync("/api/rankings")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Tokens_AreStoredOnlyAsASha256Hash()
    {
        var (_, secret) = await app.CreateUserAsync(Roles.ProductManager);
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RoadmapDbContext>();

        var rows = await db.ApiTokens.AsNoTracking().ToListAsync();

        // SHA-256 of the secret, worked out here with the platform's own hash.
        var expected = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(secret)));
        rows.Should().ContainSingle(t => t.Hash == expected);
        rows.Should().NotContain(t => t.Hash.Contains(secret, StringComparison.Ordinal) || t.Name.Contains(secret, StringComparison.Ordinal));
        rows.Should().NotContain(t => t.Hash == AppFixture.AdminToken, "the bootstrap token is hashed too");
    }

    [Fact]
    public async Task RevokedExpiredOrForeignTokens_Get401()
    {
        var (email, secret) = await app.CreateUserAsync(Roles.ProductManager);
        using var client = app.CreateClient(secret);
        (await client.GetAsync("/api/themes")).StatusCode.Should().Be(HttpStatusCode.OK);
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RoadmapDbContext>();
        var user = await db.Users.SingleAsync(u => u.Email == email);
        var tokenId = await db.ApiTokens.Where(t => t.UserId == user.Id).Select(t => t.Id).SingleAsync();

        await scope.ServiceProvider.GetRequiredService<ApiTokenService>().RevokeAsync(user.Id, tokenId, CancellationToken.None);

        (await client.GetAsync("/api/themes")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        using var made_up = app.CreateClient("rp_" + new string('x', 43));
        (await made_up.GetAsync("/api/themes")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task DisablingAUser_StopsTheirTokens()
    {
        var (email, secret) = await app.CreateUserAsync(Roles.Executive);
        using var client = app.CreateClient(secret);
        await using var scope = app.Services.CreateAsyncScope();
        var user = await scope.ServiceProvider.GetRequiredService<RoadmapDbContext>().Users.SingleAsync(u => u.Email == email);

        await scope.ServiceProvider.GetRequiredService<AccountService>().SetDisabledAsync(user.Id, disabled: true, CancellationToken.None);

        (await client.GetAsync("/api/themes")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task DisabledUser_CannotSignIn_AndIsToldOnlyWithTheRightPassword()
    {
        var (email, _) = await app.CreateUserAsync(Roles.ProductManager);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var user = await scope.ServiceProvider.GetRequiredService<RoadmapDbContext>().Users.SingleAsync(u => u.Email == email);
            await scope.ServiceProvider.GetRequiredService<AccountService>().SetDisabledAsync(user.Id, disabled: true, CancellationToken.None);
        }

        using var browser = app.CreateCookieClient();
        var wrong = await (await browser.SignInAsync(email, "not the password at all")).Content.ReadAsStringAsync();
        var right = await (await browser.SignInAsync(email, AppFixture.Password)).Content.ReadAsStringAsync();

        wrong.Should().Contain("Email or password is wrong.").And.NotContain("disabled");
        right.Should().Contain("This account is disabled.");
        (await browser.GetAsync("/account")).RequestMessage!.RequestUri!.AbsolutePath.Should().Be("/account/login");
    }

    [Fact]
    public async Task SignIn_LocksTheAccountAfterFiveWrongPasswords()
    {
        var (email, _) = await app.CreateUserAsync(Roles.ProductManager);
        using var browser = app.CreateCookieClient();

        for (var attempt = 1; attempt <= 5; attempt++)
        {
            var wrong = await (await browser.SignInAsync(email, "not the password at all")).Content.ReadAsStringAsync();
            wrong.Should().Contain(attempt < 5 ? "Email or password is wrong." : "locked");
        }

        var right = await (await browser.SignInAsync(email, AppFixture.Password)).Content.ReadAsStringAsync();
        right.Should().Contain("locked", "the right password does not open a locked account");
        (await browser.GetAsync("/account")).RequestMessage!.RequestUri!.AbsolutePath.Should().Be("/account/login");
    }

    [Fact]
    public async Task SignedInFormPost_WithoutAntiforgeryToken_IsRejected()
    {
        var (email, _) = await app.CreateUserAsync(Roles.ProductManager);
        using var browser = app.CreateCookieClient();
        (await browser.SignInAsync(email, AppFixture.Password)).StatusCode.Should().Be(HttpStatusCode.OK);
        var before = (await app.Client.GetArrayAsync("/api/themes")).Count;

        var forged = await browser.PostAsync("/themes", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "create-theme",
            ["Form.Name"] = "Forged theme",
            ["Form.Colour"] = "#123456",
        }));
        var genuine = await browser.PostFormAsync("/themes", "create-theme", new Dictionary<string, string>
        {
            ["Form.Name"] = $"Genuine theme {Guid.NewGuid():N}",
            ["Form.Colour"] = "#123456",
        });

        forged.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        genuine.StatusCode.Should().Be(HttpStatusCode.OK);
        (await app.Client.GetArrayAsync("/api/themes")).Count.Should().Be(before + 1);
    }

    [Fact]
    public async Task Executive_PostingTheInitiativeForm_Gets403_AndNothingChanges()
    {
        var themeId = await app.Client.CreateThemeAsync();
        var id = (await (await app.Client.PostJsonAsync("/api/initiatives", ApiClient.InitiativeJson(themeId))).ReadJsonAsync())["id"];
        var (email, _) = await app.CreateUserAsync(Roles.Executive);
        using var browser = app.CreateCookieClient();
        await browser.SignInAsync(email, AppFixture.Password);

        var page = await browser.GetStringAsync($"/initiatives/{id}");
        var response = await browser.PostFormAsync($"/initiatives/{id}", "initiative", new Dictionary<string, string>
        {
            ["Form.Title"] = "Renamed by an executive",
            ["Form.ThemeId"] = $"{themeId}",
            ["Form.Horizon"] = "Short",
            ["Form.Status"] = "Idea",
            ["Form.Reach"] = "1",
            ["Form.Impact"] = "1",
            ["Form.Confidence"] = "1",
            ["Form.Effort"] = "1",
        });

        page.Should().Contain("Read only");
        response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await (await app.Client.GetAsync($"/api/initiatives/{id}")).ReadJsonAsync())["title"]!.GetValue<string>().Should().Be("Gift notes");
    }

    [Fact]
    public async Task Executive_PostingTheThemeForm_IsRefused_AndNothingChanges()
    {
        var (email, _) = await app.CreateUserAsync(Roles.Executive);
        using var browser = app.CreateCookieClient();
        await browser.SignInAsync(email, AppFixture.Password);
        var before = (await app.Client.GetArrayAsync("/api/themes")).Count;

        // The page offers executives no create form, so the post names a form that is not there.
        var response = await browser.PostFormAsync("/themes", "create-theme", new Dictionary<string, string>
        {
            ["Form.Name"] = "Executive theme",
            ["Form.Colour"] = "#123456",
        });

        ((int)response.StatusCode).Should().BeInRange(400, 403);
        (await app.Client.GetArrayAsync("/api/themes")).Count.Should().Be(before);
    }
}

public sealed class AccountTests_Sqlite(SqliteApp app) : AccountTests<SqliteApp>(app);

public sealed class AccountTests_Postgres(PostgresApp app) : AccountTests<PostgresApp>(app);
