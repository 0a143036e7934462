using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using RoadmapPrioritizer.Domain.Evidence;
using RoadmapPrioritizer.Infrastructure.Ingestion;
using RoadmapPrioritizer.Infrastructure.Ingestion.Http;
using RoadmapPrioritizer.Infrastructure.Ingestion.HubSpot;

namespace RoadmapPrioritizer.Infrastructure.Tests.Ingestion;

public sealed class HubSpotConnectorTests
{
    private const string Token = "pat-eu1-0c4f-private-app-token";
    private const string SearchPath = "/crm/v3/objects/feedback_submissions/search";

    /// <summary>"Now" for pulls that do not test the clock: after every date in the payloads, whatever the machine's date.</summary>
    private static readonly TimeProvider Later = new FixedClock(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));

    private const string FirstPage = """
        {
          "total": 5,
          "results": [
            { "id": "1001", "createdAt": "2026-03-01T09:00:00.000Z", "updatedAt": "2026-03-01T09:00:00.000Z", "archived": false,
              "properties": { "hs_object_id": "1001", "hs_createdate": "2026-03-01T09:00:00.000Z", "hs_survey_type": "NPS",
                "hs_survey_id": "77", "hs_survey_name": "Post-purchase NPS", "hs_survey_channel": "EMAIL",
                "hs_response_value": "9", "hs_content": "Fast delivery, nice packaging",
                "hs_submission_timestamp": "2026-03-01T08:59:30.000Z", "hs_contact_id": "501",
                "hs_contact_email_rollup": "Ann@Example.com", "hs_submission_url": "https://shop.example.com/survey/77?email=ann%40example.com" } },
            { "id": "1002", "createdAt": "2026-03-01T09:05:00.000Z", "archived": false,
              "properties": { "hs_createdate": "2026-03-01T09:05:00.000Z", "hs_survey_type": "CSAT", "hs_survey_id": "78",
                "hs_survey_name": "Support CSAT", "hs_survey_channel": "CHAT", "hs_response_value": "2", "hs_contact_id": "502" } }
          ],
          "paging": { "next": { "after": "2", "link": "?after=2" } }
        }
        """;

    private const string SecondPage = """
        {
          "total": 5,
          "results": [
            { "id": "1003", "createdAt": "2026-03-01T10:00:00.000Z",
              "properties": { "hs_createdate": "2026-03-01T10:00:00.000Z", "hs_survey_type": "CES", "hs_survey_id": "79",
                "hs_submission_name": "Checkout effort", "hs_value": "5", "hs_contact_id": "503" } },
            { "id": "1004", "createdAt": "2026-03-01T10:01:00.000Z",
              "properties": { "hs_createdate": "2026-03-01T10:01:00.000Z", "hs_survey_type": "CUSTOM", "hs_survey_id": "80",
                "hs_survey_name": "Feature wishes", "hs_content": "Let me save my cart" } }
          ],
          "paging": { "next": { "after": "4", "link": "?after=4" } }
        }
        """;

    private const string LastPage = """
        {
          "total": 5,
          "results": [
            { "id": "1005", "createdAt": "2026-03-02T10:00:00.000Z",
              "properties": { "hs_createdate": "2026-03-02T10:00:00.000Z", "hs_survey_type": "NPS", "hs_survey_id": "77",
                "hs_survey_name": "Post-purchase NPS", "hs_response_value": "10", "hs_contact_email_rollup": "bob@example.com" } }
          ]
        }
        """;

    [Fact]
    public async Task Pull_follows_paging_after_through_every_page_sending_the_token_and_search_body()
    {
        await using var api = await FakeApi.StartAsync(AnswerPortalAsync);

        var pages = await PullAllAsync(Source(api));

        pages.Select(p => p.SurveyResponses.Count).Should().Equal(2, 2, 1);
        pages.SelectMany(p => p.Rejected).Should().BeEmpty();
        api.Requests.Should().OnlyContain(r => r.Method == "POST" && r.PathAndQuery == SearchPath && r.Header("Authorization") == "Bearer " + Token);
        var bodies = api.Requests.Select(r => JsonNode.Parse(r.Body)!).ToList();
        bodies.Select(b => (string?)b["after"]).Should().Equal(null, "2", "4");
        bodies.Should().OnlyContain(b => (int)b["limit"]! == 100);
        var first = bodies[0];
        first["filterGroups"]!.AsArray().Should().BeEmpty("a first pull reads every submission");
        first["sorts"]!.ToJsonString().Should().Be("""[{"propertyName":"hs_createdate","direction":"ASCENDING"}]""");
        first["properties"]!.AsArray().Select(p => (string?)p).Should().Contain(
            ["hs_survey_type", "hs_survey_name", "hs_response_value", "hs_content", "hs_survey_channel", "hs_createdate", "hs_contact_id", "hs_contact_email_rollup"]);
    }

    [Fact]
    public async Task Submissions_are_mapped_with_type_score_text_and_hashed_contact()
    {
        await using var api = await FakeApi.StartAsync(AnswerPortalAsync);

        var responses = (await PullAllAsync(Source(api))).SelectMany(p => p.SurveyResponses).ToList();

        responses.Select(r => r.SubmittedAt.Kind).Should().OnlyContain(kind => kind == DateTimeKind.Utc);
        responses.Should().OnlyContain(r => r.SourceId == 0, "the writer sets the source");
        responses.Should().BeEquivalentTo(
            new[]
            {
                new Expected("1001", "77", SurveyType.NPS, new DateTime(2026, 3, 1, 8, 59, 30, DateTimeKind.Utc),
                    Question: "Post-purchase NPS", Text: "Fast delivery, nice packaging", Score: 9,
                    CustomerHash: CustomerHash.Of("ann@example.com"), Page: "https://shop.example.com/survey/77", Tags: "EMAIL"),
                new Expected("1002", "78", SurveyType.CSAT, new DateTime(2026, 3, 1, 9, 5, 0, DateTimeKind.Utc),
                    Question: "Support CSAT", Score: 2, CustomerHash: CustomerHash.Of("502"), Tags: "CHAT"),
                new Expected("1003", "79", SurveyType.CES, new DateTime(2026, 3, 1, 10, 0, 0, DateTimeKind.Utc),
                    Question: "Checkout effort", Score: 5, CustomerHash: CustomerHash.Of("503")),
                new Expected("1004", "80", SurveyType.Custom, new DateTime(2026, 3, 1, 10, 1, 0, DateTimeKind.Utc),
                    Question: "Feature wishes", Text: "Let me save my cart"),
                new Expected("1005", "77", SurveyType.NPS, new DateTime(2026, 3, 2, 10, 0, 0, DateTimeKind.Utc),
                    Question: "Post-purchase NPS", Score: 10, CustomerHash: CustomerHash.Of("bob@example.com")),
            },
            options => options.WithStrictOrdering());
    }

    [Fact]
    public async Task A_saved_mid_pull_cursor_resumes_at_the_next_page()
    {
        await using var api = await FakeApi.StartAsync(AnswerPortalAsync);
        var source = Source(api);
        var firstCursor = (await PullAllAsync(source))[0].Cursor;
        api.Requests.Clear();

        var pages = await PullAllAsync(source, firstCursor);

        pages.SelectMany(p => p.SurveyResponses).Select(r => r.ExternalId).Should().Equal("1003", "1004", "1005");
        api.Requests.Select(r => (string?)JsonNode.Parse(r.Body)!["after"]).Should().Equal("2", "4");
    }

    [Fact]
    public async Task A_finished_pull_leaves_a_cursor_that_asks_only_for_submissions_created_since_the_newest_less_the_index_lag()
    {
        await using var api = await FakeApi.StartAsync(AnswerPortalAsync);
        var source = Source(api);
        var lastCursor = (await PullAllAsync(source))[^1].Cursor;
        api.Requests.Clear();

        await PullAllAsync(source, lastCursor);

        var body = JsonNode.Parse(api.Requests.First().Body)!;
        body["after"].Should().BeNull();
        // 1772445300000 is 2026-03-02T09:55:00Z: five minutes before 1005, the newest submission, was created.
        body["filterGroups"]!.ToJsonString().Should().Be("""[{"filters":[{"propertyName":"hs_createdate","operator":"GTE","value":"1772445300000"}]}]""");
    }

    [Fact]
    public async Task A_search_that_reaches_HubSpots_10000_result_window_restarts_from_the_last_creation_time_read()
    {
        await using var api = await FakeApi.StartAsync((context, request) => context.Response.WriteAsync(JsonNode.Parse(request.Body)!["after"] is not null
            ? """{ "results": [ { "id": "9901", "createdAt": "2026-03-01T12:00:00.000Z", "properties": { "hs_survey_type": "NPS", "hs_response_value": "8" } } ], "paging": { "next": { "after": "9901" } } }"""
            : """{ "results": [ { "id": "9901", "createdAt": "2026-03-01T12:00:00.000Z", "properties": { "hs_survey_type": "NPS", "hs_response_value": "8" } } ] }"""));
        var nearTheEnd = new HubSpotCursor(null, "9900", null, 9900).ToString();

        var pages = await PullAllAsync(Source(api), nearTheEnd);

        pages.Should().HaveCount(2);
        var second = JsonNode.Parse(api.Requests.Last().Body)!;
        second["after"].Should().BeNull();
        // 1772366400000 is 2026-03-01T12:00:00Z, the creation time of the last submission read.
        second["filterGroups"]!.ToJsonString().Should().Contain("\"value\":\"1772366400000\"");
    }

    [Fact]
    public async Task A_429_waits_for_Retry_After_and_then_reads_the_page()
    {
        var calls = 0;
        await using var api = await FakeApi.StartAsync(async (context, request) =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                context.Response.StatusCode = 429;
                context.Response.Headers.RetryAfter = "1";
                context.Response.Headers["X-HubSpot-RateLimit-Secondly-Remaining"] = "0";
                await context.Response.WriteAsync("""{ "status": "error", "errorType": "RATE_LIMIT", "message": "You have reached your secondly limit." }""");
                return;
            }

            await AnswerPortalAsync(context, request);
        });
        var clock = Stopwatch.StartNew();

        var pages = await PullAllAsync(Source(api));

        clock.Elapsed.Should().BeGreaterThanOrEqualTo(TimeSpan.FromSeconds(0.95));
        pages.SelectMany(p => p.SurveyResponses).Should().HaveCount(5);
    }

    [Fact]
    public async Task A_server_error_is_retried_and_the_pull_goes_on()
    {
        var calls = 0;
        await using var api = await FakeApi.StartAsync(async (context, request) =>
        {
            if ((string?)JsonNode.Parse(request.Body)!["after"] == "2" && Interlocked.Increment(ref calls) == 1)
            {
                context.Response.StatusCode = 502;
                return;
            }

            await AnswerPortalAsync(context, request);
        });

        var pages = await PullAllAsync(Source(api));

        pages.SelectMany(p => p.SurveyResponses).Should().HaveCount(5);
        api.Requests.Should().HaveCount(4, "the second page was asked for twice");
    }

    [Fact]
    public async Task A_server_that_keeps_failing_fails_the_pull_with_the_service_and_status()
    {
        await using var api = await FakeApi.StartAsync((context, _) =>
        {
            context.Response.StatusCode = 500;
            return Task.CompletedTask;
        });

        var act = () => PullAllAsync(Source(api));

        (await act.Should().ThrowAsync<ConnectorException>()).Which.Message.Should().Contain("HubSpot").And.Contain(SearchPath).And.Contain("500");
        api.Requests.Should().HaveCount(1 + FakeApi.FastRetries.MaxRetries);
    }

    [Fact]
    public async Task A_server_that_never_answers_fails_the_pull_with_a_timeout()
    {
        await using var api = await FakeApi.StartAsync((context, _) => Task.Delay(TimeSpan.FromSeconds(10), context.RequestAborted));
        var options = new ConnectorHttpOptions { MaxRetries = 1, BaseDelay = TimeSpan.FromMilliseconds(10), AttemptTimeout = TimeSpan.FromMilliseconds(200) };

        var act = () => PullAllAsync(Source(api), options: options);

        (await act.Should().ThrowAsync<ConnectorException>()).Which.Message.Should().Contain(SearchPath).And.Contain("timed out").And.NotContain(Token);

        // How many attempts reach the server depends on machine load (a retry can time out before Kestrel reads it);
        // ResilientHttpHandlerTests covers the retry itself.
        api.Requests.Should().NotBeEmpty();
    }

    [Fact]
    public async Task Malformed_JSON_fails_the_pull_naming_HubSpot()
    {
        await using var api = await FakeApi.StartAsync((context, _) => context.Response.WriteAsync("""{ "results": [ { "id": "1001" """));

        var act = () => PullAllAsync(Source(api));

        (await act.Should().ThrowAsync<ConnectorException>()).Which.Message.Should().Contain("HubSpot").And.Contain("malformed JSON");
    }

    [Fact]
    public async Task A_payload_without_a_results_array_fails_the_pull_saying_what_is_missing_where()
    {
        await using var api = await FakeApi.StartAsync((context, _) => context.Response.WriteAsync("""{ "total": 0 }"""));

        var act = () => PullAllAsync(Source(api));

        (await act.Should().ThrowAsync<ConnectorException>()).Which.Message.Should()
            .Contain("HubSpot").And.Contain(api.BaseUrl + SearchPath[1..]).And.Contain("'results' array");
    }

    [Fact]
    public async Task An_empty_first_page_yields_nothing_and_no_error()
    {
        await using var api = await FakeApi.StartAsync((context, _) => context.Response.WriteAsync("""{ "total": 0, "results": [] }"""));

        var pages = await PullAllAsync(Source(api));

        pages.Should().BeEmpty();
        api.Requests.Should().ContainSingle();
    }

    [Fact]
    public async Task An_empty_page_after_a_full_one_ends_the_pull_and_closes_the_sweep()
    {
        await using var api = await FakeApi.StartAsync((context, request) => context.Response.WriteAsync(JsonNode.Parse(request.Body)!["after"] is not null
            ? """{ "total": 1, "results": [] }"""
            : """{ "total": 1, "results": [ { "id": "1001", "createdAt": "2026-03-01T12:00:00.000Z", "properties": {} } ], "paging": { "next": { "after": "1" } } }"""));

        var pages = await PullAllAsync(Source(api));

        pages.Select(p => p.Count).Should().Equal(1, 0);
        // 1772366100000 is 2026-03-01T11:55:00Z, five minutes before 1001 was created.
        HubSpotCursor.Parse(pages[^1].Cursor, "test").Should().Be(new HubSpotCursor(1772366100000, null, null, 0));
    }

    [Fact]
    public async Task A_service_that_repeats_its_paging_token_fails_the_pull_instead_of_looping()
    {
        await using var api = await FakeApi.StartAsync((context, _) => context.Response.WriteAsync(
            """{ "results": [ { "id": "1001", "createdAt": "2026-03-01T09:00:00Z", "properties": {} } ], "paging": { "next": { "after": "1" } } }"""));

        var act = () => PullAllAsync(Source(api));

        (await act.Should().ThrowAsync<ConnectorException>()).Which.Message.Should().Contain("HubSpot").And.Contain("same paging token twice");
        api.Requests.Should().HaveCount(2);
    }

    [Fact]
    public async Task Records_with_a_bad_field_are_rejected_with_field_and_reason_while_the_rest_of_the_page_is_kept()
    {
        await using var api = await FakeApi.StartAsync((context, _) => context.Response.WriteAsync("""
            {
              "results": [
                { "id": "ok", "createdAt": "2026-03-01T09:00:00Z", "properties": { "hs_survey_type": "NPS", "hs_response_value": "7" } },
                { "id": "eleven", "createdAt": "2026-03-01T09:01:00Z", "properties": { "hs_survey_type": "NPS", "hs_response_value": "11" } },
                { "createdAt": "2026-03-01T09:02:00Z", "properties": { "hs_survey_type": "NPS", "hs_response_value": "8" } },
                { "id": "words", "createdAt": "2026-03-01T09:03:00Z", "properties": { "hs_survey_type": "CSAT", "hs_response_value": "great" } },
                { "id": "undated", "properties": { "hs_survey_type": "CES", "hs_response_value": "4" } }
              ]
            }
            """));

        var page = (await PullAllAsync(Source(api))).Single();

        page.SurveyResponses.Select(r => r.ExternalId).Should().Equal("ok");
        page.Rejected.Should().BeEquivalentTo(
        [
            new RejectedRecord("response eleven", "score", "An NPS score is a whole number from 0 to 10."),
            new RejectedRecord("response #3 of the page", "id", "The submission has no id, so a second import could not recognise it."),
            new RejectedRecord("response words", "hs_response_value", "'great' is not a number."),
            new RejectedRecord("response undated", "hs_submission_timestamp", "The submission has no readable submission or creation time."),
        ]);
    }

    [Fact]
    public async Task A_401_says_to_check_the_credentials_without_repeating_the_token()
    {
        await using var api = await FakeApi.StartAsync((context, _) =>
        {
            context.Response.StatusCode = 401;
            return context.Response.WriteAsync($$"""{ "status": "error", "message": "Authentication credentials not found: {{Token}}", "category": "INVALID_AUTHENTICATION" }""");
        });

        var act = () => PullAllAsync(Source(api));

        (await act.Should().ThrowAsync<ConnectorException>()).Which.Message.Should()
            .Contain("401").And.Contain("Check the source's credentials").And.NotContain(Token);
    }

    [Fact]
    public async Task A_submission_dated_in_the_future_does_not_move_the_next_start_past_now()
    {
        await using var api = await FakeApi.StartAsync((context, _) => context.Response.WriteAsync(
            """{ "results": [ { "id": "1001", "createdAt": "2099-01-01T00:00:00Z", "properties": { "hs_content": "from the future" } } ] }"""));
        var now = new DateTimeOffset(2026, 3, 3, 0, 0, 0, TimeSpan.Zero);

        var pages = await PullAllAsync(Source(api), clock: new FixedClock(now));

        // 1772495700000 is 2026-03-02T23:55:00Z: the pull's "now" less the index lag.
        HubSpotCursor.Parse(pages.Single().Cursor, "test").Should().Be(new HubSpotCursor(1772495700000, null, null, 0));
    }

    private static Task AnswerPortalAsync(HttpContext context, RecordedRequest request)
    {
        context.Response.ContentType = "application/json";
        if (request.Method != "POST" || request.PathAndQuery != SearchPath)
        {
            context.Response.StatusCode = 404;
            return Task.CompletedTask;
        }

        return context.Response.WriteAsync((string?)JsonNode.Parse(request.Body)!["after"] switch
        {
            "2" => SecondPage,
            "4" => LastPage,
            _ => FirstPage,
        });
    }

    private static SourceConnection Source(FakeApi api) =>
        new(9, "HubSpot portal", SourceKind.HubSpot, Token, new Dictionary<string, string> { ["baseUrl"] = api.BaseUrl.ToString() });

    private static async Task<List<EvidencePage>> PullAllAsync(SourceConnection source, string? cursor = null, ConnectorHttpOptions? options = null, TimeProvider? clock = null)
    {
        using var client = FakeApi.CreateClient(options);
        var connector = new HubSpotConnector(client, clock ?? Later);
        var pages = new List<EvidencePage>();
        await foreach (var page in connector.PullAsync(source, cursor, CancellationToken.None))
        {
            pages.Add(page);
        }

        return pages;
    }
}

/// <summary>What a survey response should hold; every field not named is expected to be empty.</summary>
file sealed record Expected(
    string ExternalId,
    string? SurveyId,
    SurveyType SurveyType,
    DateTime SubmittedAt,
    string? Question = null,
    string? Reason = null,
    string? Text = null,
    double? Score = null,
    long? OrderValueMinor = null,
    string? Currency = null,
    string? CustomerHash = null,
    string? Page = null,
    string? Tags = null);

file sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
