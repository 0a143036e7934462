using System.Net;
using System.Text.RegularExpressions;

namespace RoadmapPrioritizer.Web.Tests;

/// <summary>Posting server-rendered forms as a browser would: with the page's antiforgery token and cookies.</summary>
internal static partial class HtmlForms
{
    public static async Task<HttpResponseMessage> PostFormAsync(this HttpClient client, string pageUrl, string handler, IDictionary<string, string> fields)
    {
        var body = new Dictionary<string, string>(fields)
        {
            ["_handler"] = handler,
            ["__RequestVerificationToken"] = await TokenAsync(client, pageUrl),
        };
        return await client.PostAsync(pageUrl, new FormUrlEncodedContent(body));
    }

    /// <summary>Posts a form with a file in it (multipart/form-data), as a browser posts an upload form.</summary>
    public static async Task<HttpResponseMessage> PostFileFormAsync(
        this HttpClient client, string pageUrl, string handler, IDictionary<string, string> fields, string fileField, string fileName, byte[] content)
    {
        using var body = new MultipartFormDataContent
        {
            { new StringContent(handler), "_handler" },
            { new StringContent(await TokenAsync(client, pageUrl)), "__RequestVerificationToken" },
        };
        foreach (var (name, value) in fields)
        {
            body.Add(new StringContent(value), name);
        }

        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new("text/csv");
        body.Add(file, fileField, fileName);
        return await client.PostAsync(pageUrl, body);
    }

    /// <summary>Signs a cookie client in through the sign-in page; returns the final response.</summary>
    public static Task<HttpResponseMessage> SignInAsync(this HttpClient client, string email, string password) =>
        client.PostFormAsync("/account/login", "login", new Dictionary<string, string> { ["Form.Email"] = email, ["Form.Password"] = password });

    private static async Task<string> TokenAsync(HttpClient client, string pageUrl)
    {
        using var response = await client.GetAsync(pageUrl);
        var input = TokenInputPattern().Match(await response.Content.ReadAsStringAsync());
        input.Success.Should().BeTrue($"{pageUrl} renders an antiforgery token");
        return WebUtility.HtmlDecode(ValuePattern().Match(input.Value).Groups[1].Value);
    }

    [GeneratedRegex("<input[^>]*__RequestVerificationToken[^>]*>")]
    private static partial Regex TokenInputPattern();

    [GeneratedRegex("value=\"([^\"]*)\"")]
    private static partial Regex ValuePattern();
}
