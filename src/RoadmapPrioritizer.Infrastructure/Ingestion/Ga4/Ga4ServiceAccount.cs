using System.Text.Json;
using Google.Apis.Auth.OAuth2;
using Google.Apis.Auth.OAuth2.Responses;
using RoadmapPrioritizer.Infrastructure.Ingestion.Http;

namespace RoadmapPrioritizer.Infrastructure.Ingestion.Ga4;

/// <summary>
/// The source's secret is a Google service account's JSON key; it signs a JWT that the key's
/// <c>token_uri</c> exchanges for an access token with the Analytics read-only scope
/// (https://developers.google.com/identity/protocols/oauth2/service-account#httprest,
/// https://developers.google.com/analytics/devguides/reporting/data/v1/rest/v1beta/properties/runReport#authorization-scopes).
/// The token is cached and renewed by Google.Apis.Auth. The key is loaded with
/// <c>CredentialFactory.FromJson&lt;ServiceAccountCredential&gt;</c>, which refuses any other credential type:
/// <c>GoogleCredential.FromJson</c> is obsolete in 1.78 because it would follow whatever a pasted
/// configuration says, including external-account URLs.
/// </summary>
internal sealed class Ga4ServiceAccount
{
    public const string Scope = "https://www.googleapis.com/auth/analytics.readonly";

    private readonly ServiceAccountCredential _credential;
    private readonly string _where;

    private Ga4ServiceAccount(ServiceAccountCredential credential, string where)
    {
        _credential = credential;
        _where = where;
    }

    /// <summary>The credential in the source's secret; a secret that is not a usable key fails with what is wrong, never with its contents.</summary>
    public static Ga4ServiceAccount FromSecret(SourceConnection source)
    {
        var secret = source.RequiredSecret();
        var problem = $"Source '{source.Name}': the GA4 credentials must be a service account's JSON key file (Google Cloud console, IAM, Service accounts, Keys, Add key, JSON)";
        string? clientEmail;
        string? tokenUri;
        try
        {
            using var json = JsonDocument.Parse(secret);
            if (json.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new ConnectorException($"{problem}; what was entered is not a JSON object.");
            }

            var type = Text(json.RootElement, "type");
            if (type != "service_account")
            {
                throw new ConnectorException(type is null
                    ? $"{problem}; what was entered has no \"type\"."
                    : $"{problem}; what was entered is a '{type}' credential, not 'service_account'.");
            }

            clientEmail = Text(json.RootElement, "client_email");
            if (clientEmail is null || Text(json.RootElement, "private_key") is null)
            {
                throw new ConnectorException($"{problem}; what was entered has no {(clientEmail is null ? "client_email" : "private_key")}.");
            }

            tokenUri = Text(json.RootElement, "token_uri");
        }
        catch (JsonException)
        {
            // The parser's message quotes the text around the error, which here is the key itself.
            throw new ConnectorException($"{problem}; what was entered is not valid JSON.");
        }

        ServiceAccountCredential credential;
        try
        {
            var key = CredentialFactory.FromJson<ServiceAccountCredential>(secret);
            credential = (ServiceAccountCredential)key.ToGoogleCredential().CreateScoped(Scope).UnderlyingCredential;
        }
        catch (InvalidOperationException)
        {
            throw new ConnectorException($"{problem}; what was entered is not a complete service-account key.");
        }
        catch (Exception error) when (error is ArgumentException or FormatException or System.Security.Cryptography.CryptographicException)
        {
            throw new ConnectorException($"{problem}; its private_key could not be read as a PEM private key.");
        }

        var tokenServer = Uri.TryCreate(tokenUri ?? credential.TokenServerUrl, UriKind.Absolute, out var uri) ? ResilientHttpHandler.Describe(uri) : "(token_uri)";
        return new Ga4ServiceAccount(credential, $"GA4 service account {clientEmail} at {tokenServer}");
    }

    /// <summary>A valid access token, fetched or renewed when needed.</summary>
    public async Task<string> AccessTokenAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await _credential.GetAccessTokenForRequestAsync(cancellationToken: cancellationToken);
        }
        catch (TokenResponseException error)
        {
            var reason = error.Error is { } details
                ? string.Join(": ", new[] { details.Error, details.ErrorDescription }.Where(s => !string.IsNullOrWhiteSpace(s)))
                : error.StatusCode?.ToString() ?? "no reason given";
            throw new ConnectorException($"{_where} refused to issue an access token ({reason}). Check the source's credentials.", error);
        }
        catch (HttpRequestException error)
        {
            throw new ConnectorException($"{_where} could not be reached for an access token: {error.Message}", error);
        }
    }

    private static string? Text(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(value.GetString()) ? value.GetString() : null;
}
