using Microsoft.AspNetCore.Components;
using RoadmapPrioritizer.Infrastructure.Ingestion.Csv;
using RoadmapPrioritizer.Web.Security;

namespace RoadmapPrioritizer.Web.Components.Pages.Imports;

/// <summary>
/// Step two: a pending upload as the importer would read it (columns, first lines, counts, rejected
/// lines), then confirm or discard it. A GET previews; a post does what its button says.
/// </summary>
public sealed partial class Preview
{
    private PendingUpload? _upload;
    private ImportPreview? _preview;
    private ConfirmedImport? _confirmed;
    private string? _message;

    [Inject]
    private PendingImportService Pending { get; set; } = default!;

    [Inject]
    private CurrentUser Current { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [CascadingParameter]
    private HttpContext HttpContext { get; set; } = default!;

    [Parameter]
    public Guid Id { get; set; }

    /// <summary>The button pressed: confirm, discard or remap (a change of column posted by htmx has none).</summary>
    [SupplyParameterFromForm(FormName = "pending")]
    private string? Action { get; set; }

    /// <summary>Field → the column chosen for it; "" for not in the file.</summary>
    [SupplyParameterFromForm(FormName = "pending")]
    private Dictionary<string, string?>? Mapping { get; set; }

    /// <summary>The columns the shown preview was computed with.</summary>
    [SupplyParameterFromForm(FormName = "pending")]
    private Dictionary<string, string?>? Previewed { get; set; }

    protected override async Task OnInitializedAsync()
    {
        // A post's handler decides what to show; previewing first would read the whole file for nothing.
        if (HttpMethods.IsPost(HttpContext.Request.Method))
        {
            return;
        }

        Show(await Pending.PreviewAsync(Id, await RequesterAsync(), CancellationToken.None));
    }

    private async Task SubmitAsync()
    {
        var who = await RequesterAsync();
        switch (Action)
        {
            case "confirm" when ColumnsChanged():
                // The columns on screen are not the ones previewed (chosen without JavaScript, or before the preview came back).
                Show(await Pending.RemapAsync(Id, Chosen(), who, CancellationToken.None));
                _message ??= "You changed the columns: this is the preview with your choice. Import it if it looks right.";
                break;
            case "confirm":
                var confirmed = await Pending.ConfirmAsync(Id, who, CancellationToken.None);
                _confirmed = confirmed.Value;
                _upload = confirmed.Value?.Upload;
                _message = confirmed.Message;
                Refuse(confirmed.Status);
                break;
            case "discard":
                var discarded = await Pending.DiscardAsync(Id, who, CancellationToken.None);
                if (discarded == PendingStatus.Ok)
                {
                    Navigation.NavigateTo("/imports?discarded=true");
                    return;
                }

                _message = PendingMessages.For(discarded);
                Refuse(discarded);
                break;
            default:
                var remapped = await Pending.RemapAsync(Id, Chosen(), who, CancellationToken.None);
                Show(remapped.Status == PendingStatus.Invalid ? await Pending.PreviewAsync(Id, who, CancellationToken.None) : remapped);
                _message = remapped.Status == PendingStatus.Invalid ? remapped.Message : _message;
                break;
        }
    }

    private void Show(PendingOutcome<ImportPreview> outcome)
    {
        _preview = outcome.Value;
        _upload = outcome.Value?.Upload;
        _message = outcome.Message;
        Refuse(outcome.Status);
    }

    /// <summary>
    /// Someone else's upload is 403; one imported, discarded or expired is 410 Gone (a 404 would be
    /// replaced by the generic not-found page). The page says which.
    /// </summary>
    private void Refuse(PendingStatus status)
    {
        if (!HttpContext.Response.HasStarted && status is PendingStatus.NotYours or PendingStatus.Gone)
        {
            HttpContext.Response.StatusCode = status == PendingStatus.NotYours ? StatusCodes.Status403Forbidden : StatusCodes.Status410Gone;
        }
    }

    private Dictionary<string, string> Chosen() =>
        (Mapping ?? []).ToDictionary(m => m.Key, m => m.Value ?? string.Empty, StringComparer.Ordinal);

    private bool ColumnsChanged() =>
        Mapping is not null && Previewed is not null
        && Mapping.Any(m => (m.Value ?? string.Empty) != (Previewed.GetValueOrDefault(m.Key) ?? string.Empty));

    private async Task<Requester> RequesterAsync() =>
        new(Current.Principal.Identity?.Name ?? string.Empty, await Current.CanAsync(Policies.Admin));
}
