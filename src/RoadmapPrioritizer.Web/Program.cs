using RoadmapPrioritizer.Web.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddRoadmapLogging();
builder.AddRoadmapServices();

var app = builder.Build();
await app.InitializeDatabaseAsync();
app.UseRoadmap();
await app.RunAsync();

/// <summary>Entry point; public so WebApplicationFactory can start the app in tests.</summary>
public partial class Program;
