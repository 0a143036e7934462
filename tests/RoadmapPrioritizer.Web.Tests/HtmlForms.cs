using System.Net;
using System.Text.RegularExpressions;

namespace RoadmapPrioritizer.Web.Tests;

/// <summary>Posting server-rendered forms as a browser would: with the page's antiforgery token and cookies.</summary>
internal static partial class HtmlForms
{
    public static async Task<HttpResponseMessage> PostFormAsync(this HttpClient client, string pageUrl, string handler, IDictionary<string, string> fields)
    {
        var page = await client.GetStringAsync(pageUrl);
        var input = TokenInputPattern().Match(page);
        input.Success.Should().BeTrue($"{pageUrl} renders an antiforgery token");
        var token = ValuePattern().Match(input.Value);
        var body = new Dictionary<string, string>(fields)
        {
            ["_handler"] = handler,
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value),
        };
        return await client.PostAsync(pageUrl, new FormUrlEncodedContent(body));
    }

    /// <summary>Signs a cookie client in through the sign-in page; returns the final response.</summary>
    public static Task<HttpResponseMessage> SignInAsync(this HttpClient client, string email, string password) =>
        client.PostFormAsync("/account/login", "login", new Dictionary<string, string> { ["Form.Email"] = email, ["Form.Password"] = password });

    [GeneratedRegex("<input[^>]*__RequestVerificationToken[^>]*>")]
    private static partial Regex TokenInputPattern();

    [GeneratedRegex("value=\"([^\"]*)\"")]
    private static partial Regex ValuePattern();
}
