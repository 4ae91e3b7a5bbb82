using System.Text;

namespace PxeHost.Iso.Entries;

/// <summary>
/// Splits GRUB script text into commands (GRUB manual, "Shell-like scripting"): words separated by
/// blanks, commands by newlines and ';', '#' comments, single quotes literal, double quotes keeping
/// <c>$</c> references, backslash escapes and line continuations. A bare "{" ends its command and a
/// bare "}" is a command of its own, so one-line blocks read like multi-line ones. An unterminated
/// quote is a problem, and the text up to it is kept.
/// </summary>
internal sealed class GrubTokenizer
{
    private readonly string _text;
    private readonly List<GrubCommand> _commands = [];
    private readonly List<GrubWord> _words = [];
    private readonly List<GrubWordPart> _parts = [];
    private readonly StringBuilder _part = new();
    private int _position;
    private int _line = 1;
    private int _commandLine = 1;
    private bool _inDoubleQuotes;

    private GrubTokenizer(string text) => _text = text;

    public static IReadOnlyList<GrubCommand> Tokenize(string text, Action<string> problem, string path)
    {
        var tokenizer = new GrubTokenizer(text);
        if (tokenizer.Run() is { } line)
        {
            problem($"{path}:{line}: unterminated quote; the rest of the file is ignored");
        }

        return tokenizer._commands;
    }

    /// <summary>Reads the text; the line of an unterminated quote, or null.</summary>
    private int? Run()
    {
        while (_position < _text.Length)
        {
            var c = _text[_position];
            if (_parts.Count == 0 && _part.Length == 0 && c == '#')
            {
                SkipComment();
            }
            else if (c is ' ' or '\t' or '\r')
            {
                EndWord();
                _position++;
            }
            else if (c is '\n' or ';')
            {
                EndCommand();
                _line += c == '\n' ? 1 : 0;
                _position++;
            }
            else if (c is '\'' or '"')
            {
                var start = _line;
                if (!Quoted(c))
                {
                    EndCommand();
                    return start;
                }
            }
            else
            {
                Plain(c);
            }
        }

        EndCommand();
        return null;
    }

    private void Plain(char c)
    {
        StartWord();
        if (c == '\\' && _position + 1 < _text.Length)
        {
            Escaped(_text[_position + 1]);
            _position += 2;
            return;
        }

        _part.Append(c);
        _position++;
    }

    private bool Quoted(char quote)
    {
        StartWord();
        FlushPart();
        _parts.Add(new GrubWordPart(string.Empty, Expand: false));
        _inDoubleQuotes = quote == '"';
        _position++;
        while (_position < _text.Length && _text[_position] != quote)
        {
            var c = _text[_position];
            _line += c == '\n' ? 1 : 0;
            if (quote == '"' && c == '\\' && _position + 1 < _text.Length && "$\"\\\n".Contains(_text[_position + 1], StringComparison.Ordinal))
            {
                Escaped(_text[_position + 1]);
                _position += 2;
                continue;
            }

            if (quote == '\'')
            {
                FlushPart();
                _parts.Add(new GrubWordPart(c.ToString(), Expand: false));
            }
            else
            {
                _part.Append(c);
            }

            _position++;
        }

        FlushPart();
        _inDoubleQuotes = false;
        _position++;
        return _position <= _text.Length;
    }

    // A backslash-newline joins lines; any other escaped character stands for itself, unexpanded.
    private void Escaped(char c)
    {
        if (c == '\n')
        {
            _line++;
            return;
        }

        FlushPart();
        _parts.Add(new GrubWordPart(c.ToString(), Expand: false));
    }

    private void SkipComment()
    {
        while (_position < _text.Length && _text[_position] != '\n')
        {
            _position++;
        }
    }

    private void StartWord()
    {
        if (_words.Count == 0 && _parts.Count == 0 && _part.Length == 0)
        {
            _commandLine = _line;
        }
    }

    private void FlushPart()
    {
        if (_part.Length > 0)
        {
            _parts.Add(new GrubWordPart(_part.ToString(), Expand: true, _inDoubleQuotes));
            _part.Clear();
        }
    }

    private void EndWord()
    {
        FlushPart();
        if (_parts.Count == 0)
        {
            return;
        }

        var word = new GrubWord(Merge(_parts));
        _parts.Clear();
        if (word.IsBare("}"))
        {
            EndCommand();
            _commands.Add(new GrubCommand([word], _line));
            return;
        }

        _words.Add(word);
        if (word.IsBare("{"))
        {
            EndCommand();
        }
    }

    private void EndCommand()
    {
        EndWord();
        if (_words.Count > 0)
        {
            _commands.Add(new GrubCommand([.. _words], _commandLine));
            _words.Clear();
        }
    }

    // Adjacent literal characters (from single quotes) become one part.
    private static GrubWordPart[] Merge(List<GrubWordPart> parts)
    {
        var merged = new List<GrubWordPart>();
        foreach (var part in parts)
        {
            if (merged.Count > 0 && merged[^1].Expand == part.Expand && merged[^1].Quoted == part.Quoted)
            {
                merged[^1] = merged[^1] with { Text = merged[^1].Text + part.Text };
            }
            else
            {
                merged.Add(part);
            }
        }

        return [.. merged];
    }
}
