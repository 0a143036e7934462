using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;

namespace RoadmapPrioritizer.Web.Api;

/// <summary>How the API reads and writes JSON, and how it answers bodies it cannot read.</summary>
internal static class ApiJson
{
    /// <summary>No roadmap request needs more; larger bodies get 413 before they are parsed.</summary>
    public const long MaxBodyBytes = 64 * 1024;

    public static JsonSerializerOptions Options { get; } = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        // The web defaults read "12" as 12; a string where a number goes is an error here.
        options.NumberHandling = JsonNumberHandling.Strict;
        options.Converters.Add(new JsonStringEnumConverter());
        return options;
    }

    /// <summary>Reads a JSON body, or says in a problem+json answer exactly why it cannot.</summary>
    public static async Task<(T? Value, IResult? Problem)> ReadBodyAsync<T>(HttpRequest request, CancellationToken ct)
        where T : class
    {
        if (!request.HasJsonContentType())
        {
            return (null, TypedResults.Problem("Send the body as application/json.", statusCode: StatusCodes.Status415UnsupportedMediaType));
        }

        if (request.ContentLength > MaxBodyBytes)
        {
            return (null, TooLarge());
        }

        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxBodyBytes;
        }

        try
        {
            var value = await JsonSerializer.DeserializeAsync<T>(request.Body, Options, ct);
            return value is null ? (null, Invalid("body", "A JSON object is required.")) : (value, null);
        }
        catch (JsonException ex) when (IsWrongType(ex))
        {
            return (null, Invalid(FieldOf(ex.Path), WrongTypeMessage(ex)));
        }
        catch (JsonException ex)
        {
            return (null, Invalid("body", $"The body is not valid JSON (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1})."));
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, TooLarge());
        }
    }

    public static IResult Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });

    private static ProblemHttpResult TooLarge() =>
        TypedResults.Problem($"The body is larger than {MaxBodyBytes / 1024} KB.", statusCode: StatusCodes.Status413PayloadTooLarge);

    /// <summary>"$.brandAlignment.craft_storytelling" -> "brandAlignment.craft_storytelling"; the whole body is "body".</summary>
    private static string FieldOf(string? path) =>
        string.IsNullOrEmpty(path) || path == "$" ? "body" : path.TrimStart('$', '.').Replace("['", ".", StringComparison.Ordinal).Replace("']", string.Empty, StringComparison.Ordinal);

    private static string WrongTypeMessage(JsonException ex) => ex.Message switch
    {
        var m when m.Contains("System.Double", StringComparison.Ordinal) => "Must be a JSON number (not a string, NaN or Infinity).",
        var m when m.Contains("System.Int32", StringComparison.Ordinal) => "Must be a whole JSON number (not a string).",
        var m when m.Contains("System.String", StringComparison.Ordinal) => "Must be a JSON string.",
        var m when m.Contains("Dictionary", StringComparison.Ordinal) => "Must be a JSON object of criterion keys to ratings 0-5.",
        var m when m.Contains("System.Boolean", StringComparison.Ordinal) => "Must be true or false.",
        _ => "Has the wrong JSON type.",
    };

    /// <summary>
    /// Well-formed JSON with a value of the wrong type at <see cref="JsonException.Path"/>, as opposed
    /// to broken JSON, which the serializer reports wrapping the reader's own JsonException.
    /// </summary>
    private static bool IsWrongType(JsonException ex) => ex.InnerException is not JsonException;
}
