using System.Net;
using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using RoadmapPrioritizer.Infrastructure.Accounts;
using RoadmapPrioritizer.Web.Security;
using RoadmapPrioritizer.Web.Tests.Api;

namespace RoadmapPrioritizer.Web.Tests.Security;

/// <summary>
/// Every route the app maps, generated from its endpoint list: each names a policy (or is on the short
/// anonymous list), anonymous callers are refused, and each role gets exactly what its policy allows.
/// </summary>
public sealed class AccessTests(SqliteDemoApp app) : IClassFixture<SqliteDemoApp>
{
    private static readonly string[] AnonymousRoutes = ["/health", "/account/login", "/setup", "/account/denied", "/not-found", "/error", "/webhooks/surveys/{sourceId:int}", "/webhooks/shopify/{sourceId:int}"];

    // What each policy grants, written from the roles' definitions, not read from the code.
    private static readonly Dictionary<string, string[]> Grants = new()
    {
        [Policies.Read] = [Roles.Executive, Roles.ProductManager, Roles.Admin],
        [Policies.Decide] = [Roles.Executive, Roles.ProductManager, Roles.Admin],
        [Policies.Edit] = [Roles.ProductManager, Roles.Admin],
        [Policies.Audit] = [Roles.Executive, Roles.Admin],
        [Policies.Admin] = [Roles.Admin],
        [Policies.Imports] = [Roles.ProductManager, Roles.Admin],
    };

    public static TheoryData<string> AllRoles => new(Roles.All.ToArray());

    [Fact]
    public void EveryEndpoint_NamesAPolicy_OrIsOnTheAnonymousList()
    {
        var endpoints = Routes().ToList();

        endpoints.Should().HaveCountGreaterThan(15);
        foreach (var (pattern, _, policies, anonymous) in endpoints)
        {
            if (anonymous)
            {
                AnonymousRoutes.Should().Contain(pattern, $"{pattern} is anonymous but not on the list of routes that may be");
            }
            else
            {
                policies.Should().NotBeEmpty($"{pattern} must name a policy explicitly");
                Grants.Keys.Should().Contain(policies, $"{pattern} uses only known policies");
            }
        }
    }

    [Fact]
    public async Task AnonymousCallers_GetA401FromTheApi_AndASignInRedirectFromPages()
    {
        using var anonymous = app.CreateCookieClient(followRedirects: false);
        var ids = await IdsAsync();

        foreach (var (pattern, method, _, isAnonymous) in Routes().Where(r => !r.Anonymous))
        {
            using var response = await anonymous.SendAsync(Request(method, Url(pattern, ids)));

            if (IsApi(pattern))
            {
                response.StatusCode.Should().Be(HttpStatusCode.Unauthorized, $"{method} {pattern}");
            }
            else
            {
                response.StatusCode.Should().Be(HttpStatusCode.Redirect, $"{method} {pattern}");
                response.Headers.Location!.ToString().Should().Contain("/account/login", $"{method} {pattern}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(AllRoles))]
    public async Task EachRole_GetsExactlyWhatItsPolicyAllows_OnEveryRoute(string role)
    {
        var (_, token) = await app.CreateUserAsync(role);
        using var client = app.CreateClient(token);
        var ids = await IdsAsync();

        foreach (var (pattern, method, policies, _) in Routes().Where(r => !r.Anonymous))
        {
            // Writes go to an id that does not exist, so an allowed call changes nothing (404 or 400).
            var url = Url(pattern, method == "GET" ? ids : (987654, 987654));
            using var response = await client.SendAsync(Request(method, url));

            if (policies.All(p => Grants[p].Contains(role)))
            {
                response.StatusCode.Should().NotBe(HttpStatusCode.Unauthorized, $"{role} {method} {pattern}")
                    .And.NotBe(HttpStatusCode.Forbidden, $"{role} {method} {pattern}");
            }
            else
            {
                response.StatusCode.Should().Be(HttpStatusCode.Forbidden, $"{role} {method} {pattern}");
            }
        }
    }

    [Fact]
    public async Task Executive_CanParkButNotEdit_ThroughTheApi()
    {
        var (_, token) = await app.CreateUserAsync(Roles.Executive);
        using var executive = app.CreateClient(token);
        var themeId = await app.Client.CreateThemeAsync();
        var id = (await (await app.Client.PostJsonAsync("/api/initiatives", ApiClient.InitiativeJson(themeId))).ReadJsonAsync())["id"];

        var edit = await executive.PutJsonAsync($"/api/initiatives/{id}", """{"reach": 1}""");
        var park = await executive.PostAsync($"/api/initiatives/{id}/park", null);

        edit.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        park.StatusCode.Should().Be(HttpStatusCode.OK);
        var stored = await (await app.Client.GetAsync($"/api/initiatives/{id}")).ReadJsonAsync();
        (stored["reach"]!.GetValue<double>(), stored["status"]!.GetValue<string>()).Should().Be((2000, "Parked"));
    }

    [Fact]
    public async Task Executive_ApprovesAnIdea_OnlyOnce()
    {
        var (_, token) = await app.CreateUserAsync(Roles.Executive);
        using var executive = app.CreateClient(token);
        var themeId = await app.Client.CreateThemeAsync();
        var id = (await (await app.Client.PostJsonAsync("/api/initiatives", ApiClient.InitiativeJson(themeId))).ReadJsonAsync())["id"];

        var first = await executive.PostAsync($"/api/initiatives/{id}/approve", null);
        var again = await executive.PostAsync($"/api/initiatives/{id}/approve", null);

        first.StatusCode.Should().Be(HttpStatusCode.OK);
        (await first.ReadJsonAsync())["status"]!.GetValue<string>().Should().Be("Planned");
        again.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await again.ReadJsonAsync())["errors"]!["status"]![0]!.GetValue<string>().Should().Contain("Only ideas can be approved");
    }

    [Fact]
    public async Task Executive_Comments_AndTheCommentIsInTheInitiativesAuditHistory()
    {
        var (email, token) = await app.CreateUserAsync(Roles.Executive);
        using var executive = app.CreateClient(token);
        var themeId = await app.Client.CreateThemeAsync();
        var id = (await (await app.Client.PostJsonAsync("/api/initiatives", ApiClient.InitiativeJson(themeId))).ReadJsonAsync())["id"];

        var blank = await executive.PostJsonAsync($"/api/initiatives/{id}/comments", """{"body": "  "}""");
        var unknown = await executive.PostJsonAsync("/api/initiatives/987654/comments", """{"body": "Hello"}""");
        var posted = await executive.PostJsonAsync($"/api/initiatives/{id}/comments", """{"body": "Can we test this with the spring collection first?"}""");
        var listed = await executive.GetArrayAsync($"/api/initiatives/{id}/comments");
        var audit = await (await executive.GetAsync($"/api/audit?subject=Initiative:{id}&entityType=Comment")).ReadJsonAsync();

        blank.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        unknown.StatusCode.Should().Be(HttpStatusCode.NotFound);
        posted.StatusCode.Should().Be(HttpStatusCode.Created);
        listed.Should().ContainSingle();
        (listed[0]!["author"]!.GetValue<string>(), listed[0]!["body"]!.GetValue<string>()).Should().Be((email, "Can we test this with the spring collection first?"));
        audit["total"]!.GetValue<int>().Should().Be(1);
        audit["items"]![0]!["actor"]!.GetValue<string>().Should().Be(email);
    }

    [Fact]
    public async Task Responses_CarrySecurityHeaders()
    {
        using var response = await app.Client.GetAsync("/");

        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        csp.Should().Contain("frame-ancestors 'none'");
        csp.Split(';').Select(d => d.Trim()).Should().Contain("script-src 'self'", "scripts load only from the app's own files, never inline");
        response.Headers.GetValues("X-Content-Type-Options").Single().Should().Be("nosniff");
        response.Headers.GetValues("Referrer-Policy").Single().Should().NotBeEmpty();
    }

    private sealed record Route(string Pattern, string Method, string[] Policies, bool Anonymous);

    private IEnumerable<Route> Routes() =>
        app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(method => new Route(
                "/" + e.RoutePattern.RawText!.TrimStart('/'),
                method,
                e.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).OfType<string>().Distinct().ToArray(),
                e.Metadata.GetMetadata<IAllowAnonymous>() is not null)))
            .Where(r => r.Method is "GET" or "POST" or "PUT" or "DELETE")
            .DistinctBy(r => (r.Pattern, r.Method));

    private async Task<(int Initiative, int Theme)> IdsAsync()
    {
        var initiative = (await app.Client.GetArrayAsync("/api/initiatives"))[0]!["id"]!.GetValue<int>();
        var theme = (await app.Client.GetArrayAsync("/api/themes"))[0]!["id"]!.GetValue<int>();
        return (initiative, theme);
    }

    private static bool IsApi(string pattern) => pattern.StartsWith("/api/", StringComparison.Ordinal) || pattern.StartsWith("/fragments/", StringComparison.Ordinal);

    private static string Url(string pattern, (int Initiative, int Theme) ids)
    {
        var id = pattern.Contains("theme", StringComparison.OrdinalIgnoreCase) ? ids.Theme : ids.Initiative;
        return pattern.Replace("{id:int}", $"{id}", StringComparison.OrdinalIgnoreCase)
            .Replace("{id:guid}", "00000000-0000-0000-0000-000000000001", StringComparison.OrdinalIgnoreCase)
            .Replace("{runId:long}", "987654", StringComparison.OrdinalIgnoreCase);
    }

    private static HttpRequestMessage Request(string method, string url) => new(new HttpMethod(method), url)
    {
        Content = method is "GET" or "DELETE" ? null : new StringContent("{}", Encoding.UTF8, "application/json"),
    };
}
