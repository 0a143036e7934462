using Microsoft.AspNetCore.Http.Features;

namespace RoadmapPrioritizer.Web.Hosting;

/// <summary>Marks a page whose form posts a file: its posts may be as large as the browser upload limit.</summary>
[AttributeUsage(AttributeTargets.Class)]
internal sealed class BrowserUploadAttribute : Attribute;

/// <summary>
/// The size limit of files uploaded in the browser (Imports:MaxBrowserUploadMegabytes, 50 by default).
/// Kestrel's own limit (30 MB) would end such a post with a bare 413 before the page runs; instead a
/// marked page accepts the limit plus room for the rest of the form, says so itself when a file is
/// over the limit, and a post that is larger still is sent back to the page with the reason.
/// </summary>
internal static class BrowserUploads
{
    public const string Setting = "Imports:MaxBrowserUploadMegabytes";

    public const int DefaultMaxMegabytes = 50;

    /// <summary>The multipart framing and the form's other fields.</summary>
    private const long FormAllowance = 1024 * 1024;

    public static int MaxMegabytes(IConfiguration configuration) => configuration.GetValue(Setting, DefaultMaxMegabytes);

    public static long MaxBytes(IConfiguration configuration) => MaxMegabytes(configuration) * 1024L * 1024L;

    /// <summary>After routing (it reads the endpoint) and before antiforgery (which reads the form).</summary>
    public static IApplicationBuilder UseBrowserUploadLimit(this WebApplication app)
    {
        var maxBody = MaxBytes(app.Configuration) + FormAllowance;
        return app.Use(async (context, next) =>
        {
            if (!HttpMethods.IsPost(context.Request.Method) || context.GetEndpoint()?.Metadata.GetMetadata<BrowserUploadAttribute>() is null)
            {
                await next(context);
                return;
            }

            var limit = context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature ? feature : null;
            if (context.Request.ContentLength > maxBody)
            {
                // Answer without reading the file. Kestrel then drains what the browser is still sending
                // (for a few seconds at most), so the browser gets this answer instead of a reset connection.
                limit?.MaxRequestBodySize = null;
                context.Response.StatusCode = StatusCodes.Status303SeeOther;
                context.Response.Headers.Location = $"{context.Request.PathBase}{context.Request.Path}?tooLarge=true";
                return;
            }

            limit?.MaxRequestBodySize = maxBody;

            context.Features.Set<IFormFeature>(new FormFeature(context.Request, new FormOptions { MultipartBodyLengthLimit = maxBody }));
            await next(context);
        });
    }
}
