using System.Buffers;
using System.Text;

namespace RoadmapPrioritizer.Infrastructure.Ingestion.Csv;

/// <summary>
/// Splits CSV text into records as RFC 4180 defines them (https://www.rfc-editor.org/rfc/rfc4180):
/// comma-separated fields, records ended by CRLF or LF, fields in double quotes may hold commas,
/// line breaks and doubled quotes. It remembers the line each record starts on and what was wrong
/// with a malformed one, so the importer can reject that line and go on.
/// </summary>
internal sealed class CsvRecordReader(TextReader reader, int maxFieldLength)
{
    /// <summary>
    /// What the decoder puts where bytes are not UTF-8: U+FFFF, a noncharacter that Unicode reserves for
    /// such internal use, so the exact line is known (real exports do contain U+FFFD from earlier lossy conversions).
    /// </summary>
    public const char InvalidByte = '\uFFFF';

    public static Encoding Utf8 { get; } = Encoding.GetEncoding("utf-8", EncoderFallback.ReplacementFallback, new DecoderReplacementFallback(InvalidByte.ToString()));

    /// <summary>What ends a run of ordinary characters outside quotes, and inside them (where only a quote, a line break and a bad byte matter).</summary>
    private static readonly SearchValues<char> UnquotedSpecials = SearchValues.Create([',', '\n', '\r', '"', InvalidByte]);
    private static readonly SearchValues<char> QuotedSpecials = SearchValues.Create(['"', '\n', InvalidByte]);

    private readonly char[] _buffer = new char[64 * 1024];
    private readonly StringBuilder _field = new();
    private int _position;
    private int _length;
    private int _line = 1;

    /// <summary>The physical line the last record started on (1 = the header).</summary>
    public int RecordLine { get; private set; }

    /// <summary>Why the last record is malformed, or null.</summary>
    public string? Problem { get; private set; }

    public bool TryRead(List<string> fields)
    {
        while (true)
        {
            fields.Clear();
            Problem = null;
            RecordLine = _line;
            if (Peek() < 0)
            {
                return false;
            }

            var blank = ReadRecord(fields);
            if (!blank)
            {
                return true;
            }
        }
    }

    /// <summary>Reads one record; true when it was an empty line, which files often end with and which is skipped.</summary>
    private bool ReadRecord(List<string> fields)
    {
        var quotedAny = false;
        while (true)
        {
            _field.Clear();
            var quoted = Peek() == '"';
            quotedAny |= quoted;
            var end = quoted ? ReadQuoted() : ReadUnquoted();
            fields.Add(_field.ToString());
            if (end != ',')
            {
                return !quotedAny && fields.Count == 1 && fields[0].Length == 0;
            }
        }
    }

    /// <returns>The character that ended the field: ',' or '\n' (end of record or of file).</returns>
    private int ReadUnquoted()
    {
        while (true)
        {
            AppendRun(UnquotedSpecials);
            var c = Read();
            switch (c)
            {
                case < 0:
                    return '\n';
                case ',':
                    return ',';
                case '\n':
                    _line++;
                    return '\n';
                case '\r':
                    if (Peek() == '\n')
                    {
                        Read();
                    }

                    _line++;
                    return '\n';
                case '"':
                    Problem ??= "has a quote inside a field that does not start with one (wrap the field in quotes and double the quote)";
                    Append(c);
                    break;
                default:
                    Append(c);
                    break;
            }
        }
    }

    private int ReadQuoted()
    {
        Read();
        while (true)
        {
            AppendRun(QuotedSpecials);
            var c = Read();
            if (c < 0)
            {
                Problem ??= "opens a quote that is never closed";
                return '\n';
            }

            if (c == '\n')
            {
                _line++;
            }

            if (c != '"')
            {
                Append(c);
                continue;
            }

            if (Peek() == '"')
            {
                Read();
                Append('"');
                continue;
            }

            // The closing quote: what follows must end the field or the record.
            switch (Peek())
            {
                case < 0:
                    return '\n';
                case ',':
                    Read();
                    return ',';
                case '\n' or '\r':
                    return ReadUnquoted();
                default:
                    Problem ??= "has text after a closing quote";
                    return ReadUnquoted();
            }
        }
    }

    /// <summary>
    /// Appends the characters from here up to the next one in <paramref name="specials"/> (or the end of
    /// the buffer) in one go; the special character itself is left for the caller to read. Ordinary
    /// characters need no decision each, and most of a file is ordinary characters.
    /// </summary>
    private void AppendRun(SearchValues<char> specials)
    {
        var rest = _buffer.AsSpan(_position, _length - _position);
        var run = rest.IndexOfAny(specials);
        if (run < 0)
        {
            run = rest.Length;
        }

        if (run == 0)
        {
            return;
        }

        if (_field.Length + run > maxFieldLength)
        {
            throw FieldTooLong();
        }

        _field.Append(rest[..run]);
        _position += run;
    }

    private void Append(int c)
    {
        if (c == InvalidByte)
        {
            throw new CsvFileException($"Line {_line}: the file is not UTF-8 text. Save it as \"CSV UTF-8\" and upload it again.");
        }

        if (_field.Length >= maxFieldLength)
        {
            throw FieldTooLong();
        }

        _field.Append((char)c);
    }

    private CsvFileException FieldTooLong() =>
        new($"Line {RecordLine}: a field runs past {maxFieldLength:N0} characters, usually an unclosed quote. Nothing was imported.");

    private int Peek()
    {
        if (_position == _length && !Fill())
        {
            return -1;
        }

        return _buffer[_position];
    }

    private int Read()
    {
        var c = Peek();
        if (c >= 0)
        {
            _position++;
        }

        return c;
    }

    private bool Fill()
    {
        _length = reader.Read(_buffer, 0, _buffer.Length);
        _position = 0;
        return _length > 0;
    }
}
