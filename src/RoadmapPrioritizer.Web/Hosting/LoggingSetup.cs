using System.Diagnostics;
using Serilog;

namespace RoadmapPrioritizer.Web.Hosting;

internal static class LoggingSetup
{
    /// <summary>
    /// Serilog core configured from the "Serilog" section (Serilog.AspNetCore is not in our
    /// registry, so it is wired through Serilog.Extensions.Logging instead).
    /// </summary>
    public static void AddRoadmapLogging(this WebApplicationBuilder builder)
    {
        var logger = new LoggerConfiguration()
            .ReadFrom.Configuration(builder.Configuration)
            .Enrich.FromLogContext()
            .CreateLogger();
        builder.Logging.ClearProviders().AddSerilog(logger, dispose: true);
    }

    /// <summary>One line per request with method, path, status and time, in place of Serilog's request logging.</summary>
    public static IApplicationBuilder UseRequestLogging(this IApplicationBuilder app)
    {
        var logger = app.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger("RoadmapPrioritizer.Requests");
        return app.Use(async (context, next) =>
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                await next(context);
            }
            finally
            {
                logger.LogInformation(
                    "HTTP {Method} {Path} responded {StatusCode} in {ElapsedMs:0.0} ms",
                    context.Request.Method,
                    context.Request.Path.Value,
                    context.Response.StatusCode,
                    Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        });
    }
}
