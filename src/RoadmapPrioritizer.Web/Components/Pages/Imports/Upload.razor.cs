using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Http.HttpResults;
using RoadmapPrioritizer.Infrastructure.Ingestion;
using RoadmapPrioritizer.Infrastructure.Ingestion.Csv;
using RoadmapPrioritizer.Web.Api;
using RoadmapPrioritizer.Web.Hosting;
using RoadmapPrioritizer.Web.Security;

namespace RoadmapPrioritizer.Web.Components.Pages.Imports;

/// <summary>Step one of an import: choose the kind of file and how to read it, upload it, and go to its preview.</summary>
public sealed partial class Upload
{
    private const int RecentCount = 15;

    private IReadOnlyList<string> _sources = [];
    private IReadOnlyList<UploadRun> _recent = [];
    private Dictionary<string, string[]> _errors = [];

    [Inject]
    private PendingImportService Pending { get; set; } = default!;

    [Inject]
    private SourceService Sources { get; set; } = default!;

    [Inject]
    private CurrentUser Current { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [Inject]
    private IConfiguration Configuration { get; set; } = default!;

    [SupplyParameterFromForm(FormName = "upload")]
    private UploadForm? Form { get; set; }

    [SupplyParameterFromQuery(Name = "tooLarge")]
    private bool TooLarge { get; set; }

    [SupplyParameterFromQuery(Name = "discarded")]
    private bool Discarded { get; set; }

    private int MaxMegabytes => BrowserUploads.MaxMegabytes(Configuration);

    protected override async Task OnInitializedAsync()
    {
        Form ??= new UploadForm();
        _sources = (await Sources.ListAsync(CancellationToken.None)).Select(s => s.Name).ToList();
        _recent = await Pending.RecentUploadsAsync(RecentCount, CancellationToken.None);
    }

    private async Task UploadAsync()
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var kind = CsvFields.FromRouteName(Form!.Kind);
        var file = Form.File;
        if (file is null || (file.Length == 0 && string.IsNullOrEmpty(file.FileName)))
        {
            errors["file"] = ["choose a CSV file."];
        }
        else if (file.Length > BrowserUploads.MaxBytes(Configuration))
        {
            errors["file"] = [$"{file.FileName} ({ImportDisplay.Size(file.Length)}) is over the {MaxMegabytes} MB limit for uploads in the browser. Split it into smaller files, or send it to POST /api/imports/{{kind}} with an API token."];
        }

        ImportOptions? options = null;
        if (kind is null)
        {
            errors["kind"] = ["Choose what the file holds."];
        }
        else
        {
            (options, var problem) = ImportsApi.ReadOptions(kind.Value, Form.Source, null, Form.DateFormat, Form.Currency, Form.SurveyType);
            foreach (var (field, messages) in (problem as ValidationProblem)?.ProblemDetails.Errors ?? new Dictionary<string, string[]>())
            {
                errors[field] = messages;
            }
        }

        if (errors.Count > 0)
        {
            _errors = errors;
            return;
        }

        var content = new byte[file!.Length];
        await using (var stream = file.OpenReadStream())
        {
            await stream.ReadExactlyAsync(content, CancellationToken.None);
        }

        var stored = await Pending.StoreAsync(file.FileName, content, options!, Current.Principal.Identity?.Name ?? string.Empty, CancellationToken.None);
        if (!stored.IsOk)
        {
            _errors = new Dictionary<string, string[]> { ["file"] = [$"{file.FileName} cannot be imported. {stored.Message}"] };
            return;
        }

        Navigation.NavigateTo($"/imports/{stored.Value}");
    }

    private string Css(string field, string baseClass = "form-control") =>
        _errors.ContainsKey(field) ? $"{baseClass} is-invalid" : baseClass;

    private sealed class UploadForm
    {
        public string? Kind { get; set; } = CsvFields.RouteName(ImportKind.SurveyResponses);

        public string? Source { get; set; } = ImportOptions.DefaultSource;

        public string? DateFormat { get; set; }

        public string? Currency { get; set; }

        public string? SurveyType { get; set; }

        public IFormFile? File { get; set; }
    }
}
