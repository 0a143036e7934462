using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Http;
using RoadmapPrioritizer.Infrastructure.Ingestion;
using RoadmapPrioritizer.Infrastructure.Ingestion.Http;

namespace RoadmapPrioritizer.Infrastructure.Tests.Ingestion;

public sealed class ResilientHttpHandlerTests
{
    [Fact]
    public async Task A_server_error_is_retried_until_it_succeeds()
    {
        var calls = 0;
        await using var api = await FakeApi.StartAsync(async (context, _) =>
        {
            if (Interlocked.Increment(ref calls) < 3)
            {
                context.Response.StatusCode = 500;
                return;
            }

            await context.Response.WriteAsync("ok");
        });
        using var client = FakeApi.CreateClient();

        using var response = await client.GetAsync(new Uri(api.BaseUrl, "x"));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        api.Requests.Should().HaveCount(3);
    }

    [Fact]
    public async Task A_429_waits_as_long_as_Retry_After_says()
    {
        var calls = 0;
        await using var api = await FakeApi.StartAsync(async (context, _) =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                context.Response.StatusCode = 429;
                context.Response.Headers.RetryAfter = "1";
                return;
            }

            await context.Response.WriteAsync("ok");
        });
        using var client = FakeApi.CreateClient();
        var clock = Stopwatch.StartNew();

        using var response = await client.GetAsync(new Uri(api.BaseUrl, "x"));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        clock.Elapsed.Should().BeGreaterThanOrEqualTo(TimeSpan.FromSeconds(0.95), "the fast test backoff is 20 ms, so only Retry-After explains the wait");
    }

    [Fact]
    public async Task A_server_that_never_answers_fails_with_a_timeout_message()
    {
        await using var api = await FakeApi.StartAsync((context, _) => Task.Delay(TimeSpan.FromSeconds(10), context.RequestAborted));
        using var client = FakeApi.CreateClient(new ConnectorHttpOptions { MaxRetries = 1, BaseDelay = TimeSpan.FromMilliseconds(10), AttemptTimeout = TimeSpan.FromMilliseconds(200) });

        var act = () => client.GetAsync(new Uri(api.BaseUrl, "slow?key=secret"));

        var error = (await act.Should().ThrowAsync<ConnectorException>()).Which;
        error.Message.Should().Contain("/slow").And.Contain("timed out").And.NotContain("secret");
        api.Requests.Should().NotBeEmpty("under load the retry can time out before the server has read it, so only the first is certain");
    }

    [Fact]
    public async Task A_client_error_is_not_retried()
    {
        await using var api = await FakeApi.StartAsync((context, _) =>
        {
            context.Response.StatusCode = 401;
            return Task.CompletedTask;
        });
        using var client = FakeApi.CreateClient();

        using var response = await client.GetAsync(new Uri(api.BaseUrl, "x"));

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        api.Requests.Should().ContainSingle();
    }

    [Fact]
    public async Task Malformed_JSON_becomes_a_message_naming_the_service_and_address()
    {
        await using var api = await FakeApi.StartAsync((context, _) => context.Response.WriteAsync("{\"data\": [1, 2"));
        using var client = FakeApi.CreateClient();
        using var response = await client.GetAsync(new Uri(api.BaseUrl, "responses"));

        var act = () => HttpResponses.ReadJsonAsync(response, "Zigpoll", CancellationToken.None);

        (await act.Should().ThrowAsync<ConnectorException>()).Which.Message.Should().Contain("Zigpoll").And.Contain("/responses").And.Contain("malformed JSON");
    }
}
