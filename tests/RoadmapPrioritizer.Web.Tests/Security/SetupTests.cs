using System.Net;
using RoadmapPrioritizer.Infrastructure.Persistence;

namespace RoadmapPrioritizer.Web.Tests.Security;

/// <summary>An app started with no bootstrap admin: the one-time setup page makes the first one.</summary>
public sealed class NoAdminApp() : AppFixture(DatabaseProvider.Sqlite, demoData: false, bootstrap: false);

public sealed class SetupTests(NoAdminApp app) : IClassFixture<NoAdminApp>
{
    [Fact]
    public async Task Setup_CreatesTheFirstAdminOnce_ThenRefuses()
    {
        using var first = app.CreateCookieClient();
        (await first.GetStringAsync("/account/login")).Should().Contain("Set up the first admin");

        var created = await first.PostFormAsync("/setup", "setup", new Dictionary<string, string>
        {
            ["Form.Email"] = "owner@example.com",
            ["Form.DisplayName"] = "Shop owner",
            ["Form.Password"] = "a long owner password",
        });

        created.StatusCode.Should().Be(HttpStatusCode.OK);
        created.RequestMessage!.RequestUri!.AbsolutePath.Should().Be("/", "the new admin is signed in and sent to the roadmap");
        (await first.GetStringAsync("/admin/users")).Should().Contain("owner@example.com");

        using var second = app.CreateCookieClient();
        (await second.GetStringAsync("/setup")).Should().Contain("Setup is finished");
        var again = await second.PostAsync("/setup", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "setup",
            ["Form.Email"] = "intruder@example.com",
            ["Form.Password"] = "another long password",
        }));
        again.IsSuccessStatusCode.Should().BeFalse();
        (await first.GetStringAsync("/admin/users")).Should().NotContain("intruder@example.com");
    }
}
