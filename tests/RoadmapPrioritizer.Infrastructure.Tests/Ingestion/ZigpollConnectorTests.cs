using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using RoadmapPrioritizer.Domain.Evidence;
using RoadmapPrioritizer.Infrastructure.Ingestion;
using RoadmapPrioritizer.Infrastructure.Ingestion.Http;
using RoadmapPrioritizer.Infrastructure.Ingestion.Zigpoll;

namespace RoadmapPrioritizer.Infrastructure.Tests.Ingestion;

public sealed class ZigpollConnectorTests
{
    private const string Key = "zp-private-key-7f3a";

    /// <summary>"Now" for pulls that do not test the clock: after every date in the payloads, whatever the machine's date.</summary>
    private static readonly TimeProvider Later = new FixedClock(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));

    private const string Slides = """
        [
          { "_id": "s-nps", "title": "<p>How likely are you to <b>recommend</b> us?</p>", "type": "nps" },
          { "_id": "s-why", "title": "What almost stopped you from buying?", "type": "vote" },
          { "_id": "s-more", "title": "Anything else?", "type": "long-answer" },
          { "_id": "s-mail", "title": "Your e-mail", "type": "email-capture" }
        ]
        """;

    private const string FirstPage = """
        {
          "data": [
            { "_id": "r1", "createdAt": "2026-03-01T09:00:00.000Z", "accountId": "acc1", "pollId": "poll1", "slideId": "s-nps",
              "participantId": "p1", "response": "9", "metadata": { "email": "Ann@Example.com", "url": "https://shop.example.com/thank-you?email=ann%40example.com" } },
            { "_id": "r2", "createdAt": "2026-03-01T09:05:00.000Z", "accountId": "acc1", "pollId": "poll1", "slideId": "s-why",
              "participantId": "p2", "response": "Shipping cost too high", "orderValue": 54.9, "metadata": { "currency": "gbp" } }
          ],
          "hasNextPage": true,
          "endCursor": "c1"
        }
        """;

    private const string SecondPage = """
        {
          "data": [
            { "_id": "r3", "createdAt": "2026-03-01T10:00:00.000Z", "pollId": "poll1", "slideId": "s-more",
              "participantId": "p3", "response": "Make the size guide clearer" },
            { "_id": "r4", "createdAt": "2026-03-01T10:01:00.000Z", "pollId": "poll1", "slideId": "s-mail",
              "participantId": "p3", "response": "Bob@Example.com" }
          ],
          "hasNextPage": true,
          "endCursor": "c2"
        }
        """;

    private const string LastPage = """
        {
          "data": [
            { "id": "r5", "createdAt": 1772440200000, "pollId": "poll1", "slideId": "s-nps", "participantId": "p5", "response": 10 }
          ],
          "hasNextPage": false,
          "endCursor": "c3"
        }
        """;

    [Fact]
    public async Task Pull_follows_the_end_cursor_through_every_page_sending_the_key_and_paging_parameters()
    {
        await using var api = await StartShopAsync();

        var pages = await PullAllAsync(Source(api, ("pollId", "poll1")));

        pages.Select(p => p.SurveyResponses.Count).Should().Equal(2, 2, 1);
        pages.SelectMany(p => p.Rejected).Should().BeEmpty();
        api.Requests.Select(r => r.PathAndQuery).Should().Equal(
            "/responses?accountId=acc1&pollId=poll1&limit=100",
            "/slides?pollId=poll1",
            "/responses?accountId=acc1&pollId=poll1&limit=100&startCursor=c1",
            "/responses?accountId=acc1&pollId=poll1&limit=100&startCursor=c2");
        api.Requests.Should().OnlyContain(r => r.Method == "GET" && r.Header("Authorization") == Key);
    }

    [Fact]
    public async Task Responses_are_mapped_with_their_question_answer_score_and_hashed_respondent()
    {
        await using var api = await StartShopAsync();

        var pages = await PullAllAsync(Source(api, ("surveyType", "post-purchase")));

        var responses = pages.SelectMany(p => p.SurveyResponses).ToList();
        responses.Select(r => r.SubmittedAt.Kind).Should().OnlyContain(kind => kind == DateTimeKind.Utc);
        responses.Should().OnlyContain(r => r.SourceId == 0, "the writer sets the source");
        responses.Should().BeEquivalentTo(
            new[]
            {
                new Expected("r1", "poll1", SurveyType.NPS, new DateTime(2026, 3, 1, 9, 0, 0, DateTimeKind.Utc),
                    Question: "How likely are you to recommend us?", Score: 9,
                    CustomerHash: CustomerHash.Of("ann@example.com"), Page: "https://shop.example.com/thank-you"),
                new Expected("r2", "poll1", SurveyType.PostPurchase, new DateTime(2026, 3, 1, 9, 5, 0, DateTimeKind.Utc),
                    Question: "What almost stopped you from buying?", Reason: "Shipping cost too high",
                    OrderValueMinor: 5490, Currency: "GBP", CustomerHash: CustomerHash.Of("p2")),
                new Expected("r3", "poll1", SurveyType.PostPurchase, new DateTime(2026, 3, 1, 10, 0, 0, DateTimeKind.Utc),
                    Question: "Anything else?", Text: "Make the size guide clearer", CustomerHash: CustomerHash.Of("p3")),
                new Expected("r4", "poll1", SurveyType.PostPurchase, new DateTime(2026, 3, 1, 10, 1, 0, DateTimeKind.Utc),
                    Question: "Your e-mail", CustomerHash: CustomerHash.Of("bob@example.com")),
                new Expected("r5", "poll1", SurveyType.NPS, new DateTime(2026, 3, 2, 8, 30, 0, DateTimeKind.Utc),
                    Question: "How likely are you to recommend us?", Score: 10, CustomerHash: CustomerHash.Of("p5")),
            },
            options => options.WithStrictOrdering());
        CustomerHash.Of("ann@example.com").Should().Be(CustomerHash.Of("Ann@Example.com"), "the hash ignores case, so the same customer matches across sources");
    }

    [Fact]
    public async Task A_saved_mid_pull_cursor_resumes_at_the_next_page()
    {
        await using var api = await StartShopAsync();
        var source = Source(api);
        var firstCursor = (await PullAllAsync(source))[0].Cursor;
        api.Requests.Clear();

        var pages = await PullAllAsync(source, firstCursor);

        pages.SelectMany(p => p.SurveyResponses).Select(r => r.ExternalId).Should().Equal("r3", "r4", "r5");
        api.Requests.Where(r => r.PathAndQuery.StartsWith("/responses", StringComparison.Ordinal)).Select(r => r.PathAndQuery).Should().Equal(
            "/responses?accountId=acc1&limit=100&startCursor=c1",
            "/responses?accountId=acc1&limit=100&startCursor=c2");
    }

    [Fact]
    public async Task A_finished_pull_leaves_a_cursor_that_asks_only_for_responses_created_after_the_newest_seen()
    {
        await using var api = await StartShopAsync();
        var source = Source(api);
        var lastCursor = (await PullAllAsync(source))[^1].Cursor;
        api.Requests.Clear();

        await PullAllAsync(source, lastCursor);

        // 1772440200000 is 2026-03-02T08:30:00Z, when r5 (the newest response) was created.
        api.Requests.First().PathAndQuery.Should().Be("/responses?accountId=acc1&limit=100&createdAfter=1772440200000");
    }

    [Fact]
    public async Task A_429_waits_for_Retry_After_and_then_reads_the_page()
    {
        var calls = 0;
        await using var api = await FakeApi.StartAsync(async (context, request) =>
        {
            if (request.PathAndQuery.StartsWith("/responses", StringComparison.Ordinal) && Interlocked.Increment(ref calls) == 1)
            {
                context.Response.StatusCode = 429;
                context.Response.Headers.RetryAfter = "1";
                return;
            }

            await AnswerShopAsync(context, request);
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
            if (request.PathAndQuery.Contains("startCursor=c1", StringComparison.Ordinal) && Interlocked.Increment(ref calls) == 1)
            {
                context.Response.StatusCode = 500;
                return;
            }

            await AnswerShopAsync(context, request);
        });

        var pages = await PullAllAsync(Source(api));

        pages.SelectMany(p => p.SurveyResponses).Should().HaveCount(5);
        api.Requests.Count(r => r.PathAndQuery.Contains("startCursor=c1", StringComparison.Ordinal)).Should().Be(2);
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

        var error = (await act.Should().ThrowAsync<ConnectorException>()).Which;
        error.Message.Should().Contain("Zigpoll").And.Contain("/responses").And.Contain("500");
        api.Requests.Should().HaveCount(1 + FakeApi.FastRetries.MaxRetries);
    }

    [Fact]
    public async Task A_server_that_never_answers_fails_the_pull_with_a_timeout()
    {
        await using var api = await FakeApi.StartAsync((context, _) => Task.Delay(TimeSpan.FromSeconds(10), context.RequestAborted));
        var options = new ConnectorHttpOptions { MaxRetries = 1, BaseDelay = TimeSpan.FromMilliseconds(10), AttemptTimeout = TimeSpan.FromMilliseconds(200) };

        var act = () => PullAllAsync(Source(api), options: options);

        (await act.Should().ThrowAsync<ConnectorException>()).Which.Message.Should().Contain("/responses").And.Contain("timed out").And.NotContain(Key);

        // How many attempts reach the server depends on machine load (a retry can time out before Kestrel reads it);
        // ResilientHttpHandlerTests covers the retry itself.
        api.Requests.Should().NotBeEmpty();
    }

    [Fact]
    public async Task Malformed_JSON_fails_the_pull_naming_Zigpoll()
    {
        await using var api = await FakeApi.StartAsync((context, _) => context.Response.WriteAsync("""{ "data": [ { "_id": "r1" """));

        var act = () => PullAllAsync(Source(api));

        (await act.Should().ThrowAsync<ConnectorException>()).Which.Message.Should().Contain("Zigpoll").And.Contain("malformed JSON");
    }

    [Fact]
    public async Task A_payload_without_a_data_array_fails_the_pull_saying_what_is_missing_where()
    {
        await using var api = await FakeApi.StartAsync((context, _) => context.Response.WriteAsync("""{ "responses": [] }"""));

        var act = () => PullAllAsync(Source(api));

        (await act.Should().ThrowAsync<ConnectorException>()).Which.Message.Should()
            .Contain("Zigpoll").And.Contain(api.BaseUrl + "responses").And.Contain("'data' array");
    }

    [Fact]
    public async Task An_empty_first_page_yields_nothing_and_no_error()
    {
        await using var api = await FakeApi.StartAsync((context, _) => context.Response.WriteAsync("""{ "data": [], "hasNextPage": false }"""));

        var pages = await PullAllAsync(Source(api));

        pages.Should().BeEmpty();
        api.Requests.Should().ContainSingle();
    }

    [Fact]
    public async Task An_empty_page_after_a_full_one_ends_the_pull_and_closes_the_sweep()
    {
        await using var api = await FakeApi.StartAsync((context, request) => context.Response.WriteAsync(request.PathAndQuery.Contains("startCursor", StringComparison.Ordinal)
            ? """{ "data": [], "hasNextPage": false }"""
            : """{ "data": [ { "_id": "r1", "createdAt": "2026-03-01T09:00:00Z", "response": "Too pricey" } ], "hasNextPage": true, "endCursor": "c1" }"""));

        var pages = await PullAllAsync(Source(api));

        pages.Select(p => p.Count).Should().Equal(1, 0);
        // 1772355600000 is 2026-03-01T09:00:00Z: the next run asks only for what came after r1.
        ZigpollCursor.Parse(pages[^1].Cursor, "test").Should().Be(new ZigpollCursor(1772355600000, null, null));
    }

    [Fact]
    public async Task A_service_that_repeats_its_page_cursor_fails_the_pull_instead_of_looping()
    {
        await using var api = await FakeApi.StartAsync((context, _) => context.Response.WriteAsync(
            """{ "data": [ { "_id": "r1", "createdAt": "2026-03-01T09:00:00Z", "response": "Again" } ], "hasNextPage": true, "endCursor": "c1" }"""));

        var act = () => PullAllAsync(Source(api));

        (await act.Should().ThrowAsync<ConnectorException>()).Which.Message.Should().Contain("Zigpoll").And.Contain("same page cursor twice");
        api.Requests.Should().HaveCount(2);
    }

    [Fact]
    public async Task Records_with_a_bad_field_are_rejected_with_field_and_reason_while_the_rest_of_the_page_is_kept()
    {
        await using var api = await FakeApi.StartAsync((context, request) => context.Response.WriteAsync(request.PathAndQuery.StartsWith("/slides", StringComparison.Ordinal)
            ? Slides
            : """
              {
                "data": [
                  { "_id": "ok", "createdAt": "2026-03-01T09:00:00Z", "pollId": "poll1", "slideId": "s-nps", "response": "7" },
                  { "_id": "eleven", "createdAt": "2026-03-01T09:01:00Z", "pollId": "poll1", "slideId": "s-nps", "response": "11" },
                  { "createdAt": "2026-03-01T09:02:00Z", "pollId": "poll1", "slideId": "s-more", "response": "no id" },
                  { "_id": "words", "createdAt": "2026-03-01T09:03:00Z", "pollId": "poll1", "slideId": "s-nps", "response": "ten" },
                  { "_id": "undated", "pollId": "poll1", "slideId": "s-more", "response": "when?" }
                ],
                "hasNextPage": false
              }
              """));

        var page = (await PullAllAsync(Source(api))).Single();

        page.SurveyResponses.Select(r => r.ExternalId).Should().Equal("ok");
        page.Rejected.Should().BeEquivalentTo(
        [
            new RejectedRecord("response eleven", "score", "An NPS score is a whole number from 0 to 10."),
            new RejectedRecord("response #3 of the page", "_id", "The response has no id, so a second import could not recognise it."),
            new RejectedRecord("response words", "response", "'ten' is not a number, but the question asks for a rating."),
            new RejectedRecord("response undated", "createdAt", "The response has no readable creation time."),
        ]);
    }

    [Fact]
    public async Task A_401_says_to_check_the_credentials_without_repeating_the_key()
    {
        await using var api = await FakeApi.StartAsync((context, _) =>
        {
            context.Response.StatusCode = 401;
            return context.Response.WriteAsync($$"""{ "error": "Invalid API key {{Key}}" }""");
        });

        var act = () => PullAllAsync(Source(api));

        (await act.Should().ThrowAsync<ConnectorException>()).Which.Message.Should()
            .Contain("401").And.Contain("Check the source's credentials").And.NotContain(Key);
    }

    [Fact]
    public async Task A_source_without_an_account_or_poll_fails_before_calling_Zigpoll()
    {
        await using var api = await StartShopAsync();
        var source = new SourceConnection(7, "Shop polls", SourceKind.Zigpoll, Key, new Dictionary<string, string> { ["baseUrl"] = api.BaseUrl.ToString() });

        var act = () => PullAllAsync(source);

        (await act.Should().ThrowAsync<ConnectorException>()).Which.Message.Should().Contain("'accountId' or 'pollId'");
        api.Requests.Should().BeEmpty();
    }

    [Fact]
    public async Task A_response_dated_in_the_future_does_not_move_the_next_start_past_now()
    {
        await using var api = await FakeApi.StartAsync((context, _) => context.Response.WriteAsync(
            """{ "data": [ { "_id": "r1", "createdAt": "2099-01-01T00:00:00Z", "response": "from the future" } ], "hasNextPage": false }"""));
        var now = new DateTimeOffset(2026, 3, 3, 0, 0, 0, TimeSpan.Zero);

        var pages = await PullAllAsync(Source(api), clock: new FixedClock(now));

        // 1772496000000 is 2026-03-03T00:00:00Z, the pull's "now".
        ZigpollCursor.Parse(pages.Single().Cursor, "test").Should().Be(new ZigpollCursor(1772496000000, null, null));
    }

    [Fact]
    public async Task A_response_to_a_poll_Zigpoll_no_longer_has_is_kept_without_its_question()
    {
        await using var api = await FakeApi.StartAsync((context, request) =>
        {
            if (request.PathAndQuery.StartsWith("/slides", StringComparison.Ordinal))
            {
                context.Response.StatusCode = 404;
                return Task.CompletedTask;
            }

            return context.Response.WriteAsync(
                """{ "data": [ { "_id": "r1", "createdAt": "2026-03-01T09:00:00Z", "pollId": "gone", "slideId": "s1", "response": "Loved it" } ], "hasNextPage": false }""");
        });

        var response = (await PullAllAsync(Source(api))).Single().SurveyResponses.Single();

        response.Question.Should().BeNull();
        response.Text.Should().Be("Loved it");
        response.SurveyType.Should().Be(SurveyType.Custom);
    }

    private static async Task<FakeApi> StartShopAsync() => await FakeApi.StartAsync(AnswerShopAsync);

    private static Task AnswerShopAsync(HttpContext context, RecordedRequest request)
    {
        context.Response.ContentType = "application/json";
        var body = request.PathAndQuery switch
        {
            var path when path.StartsWith("/slides?pollId=poll1", StringComparison.Ordinal) => Slides,
            var path when path.Contains("startCursor=c2", StringComparison.Ordinal) => LastPage,
            var path when path.Contains("startCursor=c1", StringComparison.Ordinal) => SecondPage,
            var path when path.StartsWith("/responses", StringComparison.Ordinal) => FirstPage,
            _ => null,
        };
        if (body is null)
        {
            context.Response.StatusCode = 404;
            return Task.CompletedTask;
        }

        return context.Response.WriteAsync(body);
    }

    private static SourceConnection Source(FakeApi api, params (string Key, string Value)[] settings)
    {
        var all = new Dictionary<string, string> { ["baseUrl"] = api.BaseUrl.ToString(), ["accountId"] = "acc1" };
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }

        return new SourceConnection(7, "Shop polls", SourceKind.Zigpoll, Key, all);
    }

    private static async Task<List<EvidencePage>> PullAllAsync(SourceConnection source, string? cursor = null, ConnectorHttpOptions? options = null, TimeProvider? clock = null)
    {
        using var client = FakeApi.CreateClient(options);
        var connector = new ZigpollConnector(client, clock ?? Later);
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
