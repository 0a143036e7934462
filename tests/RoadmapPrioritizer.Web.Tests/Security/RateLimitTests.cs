using System.Net;
using RoadmapPrioritizer.Infrastructure.Persistence;

namespace RoadmapPrioritizer.Web.Tests.Security;

public sealed class ThrottledApp() : AppFixture(DatabaseProvider.Sqlite, demoData: false)
{
    protected override int SignInPerMinute => 3;
}

public sealed class RateLimitTests(ThrottledApp app) : IClassFixture<ThrottledApp>
{
    [Fact]
    public async Task SignInPosts_BeyondTheLimit_Get429WithRetryAfter()
    {
        using var browser = app.CreateCookieClient();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            statuses.Add((await browser.SignInAsync(AppFixture.AdminEmail, "wrong password here")).StatusCode);
        }

        statuses.Take(3).Should().OnlyContain(s => s == HttpStatusCode.OK);
        statuses[3].Should().Be(HttpStatusCode.TooManyRequests);
        var again = await browser.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>()));
        again.Headers.RetryAfter.Should().NotBeNull();
    }
}
