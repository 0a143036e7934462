# The app image used by docker-compose.yml. Build: docker build -t roadmap-prioritizer .
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
# npm restores the front-end packages (Bootstrap, htmx) at build time; see package.json.
RUN apt-get update \
 && apt-get install -y --no-install-recommends nodejs npm \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/ src/
RUN dotnet publish src/RoadmapPrioritizer.Web -c Release -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
# The embedded SQLite default writes to /app/data; with PostgreSQL the folder stays empty.
RUN mkdir -p /app/data && chown app /app/data
USER app
ENV ASPNETCORE_URLS=http://+:8080 \
    ASPNETCORE_ENVIRONMENT=Production
EXPOSE 8080
ENTRYPOINT ["dotnet", "RoadmapPrioritizer.Web.dll"]
