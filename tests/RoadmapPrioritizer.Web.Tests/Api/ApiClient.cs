using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace RoadmapPrioritizer.Web.Tests.Api;

/// <summary>Small helpers for raw JSON calls: tests send bodies as text so they can send bad ones.</summary>
internal static class ApiClient
{
    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string url, string json) =>
        client.PostAsync(url, new StringContent(json, Encoding.UTF8, "application/json"));

    public static Task<HttpResponseMessage> PutJsonAsync(this HttpClient client, string url, string json) =>
        client.PutAsync(url, new StringContent(json, Encoding.UTF8, "application/json"));

    public static async Task<JsonNode> ReadJsonAsync(this HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync()) ?? throw new InvalidOperationException("Empty body.");

    public static async Task<JsonArray> GetArrayAsync(this HttpClient client, string url) =>
        (await client.GetFromJsonAsync<JsonArray>(url))!;

    /// <summary>A fresh theme per test, so tests sharing one app never see each other's data as theirs.</summary>
    public static async Task<int> CreateThemeAsync(this HttpClient client, string? name = null)
    {
        var response = await client.PostJsonAsync("/api/themes", $$"""{"name": "{{name ?? $"Theme {Guid.NewGuid():N}"}}"}""");
        response.EnsureSuccessStatusCode();
        return (await response.ReadJsonAsync())["id"]!.GetValue<int>();
    }

    public static string InitiativeJson(int themeId, string title = "Gift notes", double reach = 2000, double impact = 1, double confidence = 0.8, double effort = 4, string ratings = """{"craft_storytelling": 5, "artisan_collaboration": 3}""") =>
        $$"""
        {"title": "{{title}}", "themeId": {{themeId}}, "horizon": "Short", "reach": {{reach}}, "impact": {{impact}},
         "confidence": {{confidence}}, "effort": {{effort}}, "brandAlignment": {{ratings}}}
        """;
}
