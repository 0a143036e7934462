using Microsoft.AspNetCore.Http.Features;
using RoadmapPrioritizer.Domain.Evidence;
using RoadmapPrioritizer.Infrastructure.Ingestion;
using RoadmapPrioritizer.Infrastructure.Ingestion.Csv;

namespace RoadmapPrioritizer.Web.Api;

public sealed record ImportResponse(int Added, int AlreadyPresent, int Rejected, IReadOnlyList<ImportLineError> Errors, bool ErrorsTruncated, long? RunId)
{
    public static ImportResponse From(ImportResult r) => new(r.Added, r.AlreadyPresent, r.Rejected, r.Errors, r.ErrorsTruncated, r.RunId);
}

/// <summary>CSV imports for automation: POST /api/imports/{survey-responses|funnel-daily|orders}, body text/csv.</summary>
internal static class ImportsApi
{
    /// <summary>Large enough for a year of a busy shop's survey export; configurable as Imports:MaxUploadMegabytes.</summary>
    public const int DefaultMaxUploadMegabytes = 200;

    public static RouteGroupBuilder MapImportsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/imports");
        group.MapPost("/{kind}", ImportAsync);
        return group;
    }

    /// <summary>
    /// ?source=name files the records under that source (created on first use); ?dryRun=true checks
    /// and counts without writing; ?dateFormat=, ?currency=, ?surveyType= fill in what the file lacks.
    /// </summary>
    private static async Task<IResult> ImportAsync(
        string kind, string? source, string? dryRun, string? dateFormat, string? currency, string? surveyType,
        HttpContext context, CsvImportService imports, IConfiguration configuration, CancellationToken ct)
    {
        if (CsvFields.FromRouteName(kind) is not { } importKind)
        {
            return TypedResults.Problem($"Unknown import '{kind}': use survey-responses, funnel-daily or orders.", statusCode: StatusCodes.Status404NotFound);
        }

        if (context.Request.ContentType is not { } contentType || !IsCsv(contentType))
        {
            return TypedResults.Problem("Send the file as text/csv.", statusCode: StatusCodes.Status415UnsupportedMediaType);
        }

        var (options, problem) = ReadOptions(importKind, source, dryRun, dateFormat, currency, surveyType);
        if (problem is not null)
        {
            return problem;
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = configuration.GetValue("Imports:MaxUploadMegabytes", DefaultMaxUploadMegabytes) * 1024L * 1024L;
        }

        try
        {
            // The reader parses synchronously (Kestrel forbids that on the request stream), so the file is first spooled to disk.
            await using var file = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
            await context.Request.Body.CopyToAsync(file, ct);
            file.Position = 0;
            var result = await imports.ImportAsync(file, options!, context.User.Identity?.Name, ct);
            return TypedResults.Ok(ImportResponse.From(result));
        }
        catch (CsvFileException error)
        {
            return TypedResults.Problem(error.Message, title: "The file cannot be imported", statusCode: StatusCodes.Status400BadRequest);
        }
        catch (BadHttpRequestException error) when (error.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TypedResults.Problem("The file is larger than the upload limit (Imports:MaxUploadMegabytes); nothing was imported.", statusCode: StatusCodes.Status413PayloadTooLarge);
        }
    }

    /// <summary>Options shared by the API and the upload page; problems name the query parameter at fault.</summary>
    internal static (ImportOptions? Options, IResult? Problem) ReadOptions(ImportKind kind, string? source, string? dryRun, string? dateFormat, string? currency, string? surveyType)
    {
        var errors = new Dictionary<string, string[]>();
        var isDryRun = false;
        if (dryRun is not null && !bool.TryParse(dryRun, out isDryRun))
        {
            errors["dryRun"] = ["dryRun must be true or false."];
        }

        var name = string.IsNullOrWhiteSpace(source) ? ImportOptions.DefaultSource : source.Trim();
        if (name.Length > EvidenceSource.NameMaxLength)
        {
            errors["source"] = [$"A source name is at most {EvidenceSource.NameMaxLength} characters."];
        }

        if (!string.IsNullOrWhiteSpace(currency) && Money.ValidateCurrency(currency.Trim()) is { } currencyError)
        {
            errors["currency"] = [currencyError];
        }

        SurveyType? type = null;
        if (!string.IsNullOrWhiteSpace(surveyType) && (type = SurveyTypes.Parse(surveyType)) is null)
        {
            errors["surveyType"] = [$"Survey type must be one of {SurveyTypes.Expected}."];
        }

        if (errors.Count > 0)
        {
            return (null, TypedResults.ValidationProblem(errors));
        }

        return (new ImportOptions
        {
            Kind = kind,
            Source = name,
            DryRun = isDryRun,
            DateFormat = string.IsNullOrWhiteSpace(dateFormat) ? null : dateFormat.Trim(),
            Currency = string.IsNullOrWhiteSpace(currency) ? null : currency.Trim().ToUpperInvariant(),
            SurveyType = type,
        }, null);
    }

    private static bool IsCsv(string contentType) =>
        contentType.StartsWith("text/csv", StringComparison.OrdinalIgnoreCase)
        || contentType.StartsWith("application/csv", StringComparison.OrdinalIgnoreCase)
        || contentType.StartsWith("text/plain", StringComparison.OrdinalIgnoreCase);
}
