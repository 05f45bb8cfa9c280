// Tokens of the Clue model language. Every keyword has an English and a Chinese spelling, so
// a model can be written entirely in Chinese. Type names and metadata keys are *not* keywords
// (they are identifiers checked by the compiler) so that fields such as 案号 stay usable.
lexer grammar ClueLexer;

// ---- keywords -------------------------------------------------------------------------------
MODEL       : 'model' | '模型' ;
IMPORT      : 'import' | '导入' ;
AS          : 'as' | '作为' ;
SCHEMA      : 'schema' | '结构' ;
FILE_KW     : 'file' | '文件' ;
FROM        : 'from' | '来自' ;
WITH        : 'with' | '选项' ;
PARAM       : 'param' | '参数' ;
CONST       : 'const' | '常量' ;
FUNC        : 'func' | '函数' ;
SOURCE      : 'source' | '数据源' ;
// An inline lookup table (docs/language.md, "Inline tables"): `table T { cols } rows { (...) }`.
// `rows`/`行` is a keyword only there: the parser's `name` rule takes it back as a name.
TABLE       : 'table' | '对照表' ;
ROWS        : 'rows' | '行' ;
LET         : 'let' | '定义' ;
WHERE       : 'where' | '筛选' ;
JOIN        : 'join' | '关联' ;
LEFT        : 'left' ;
SEMI        : 'semi' ;
ANTI        : 'anti' ;
CROSS       : 'cross' ;
LEFT_JOIN   : '左关联' ;
SEMI_JOIN   : '存在关联' ;
ANTI_JOIN   : '不存在关联' ;
CROSS_JOIN  : '交叉关联' ;
ON          : 'on' | '按' ;
DERIVE      : 'derive' | '派生' ;
GROUP       : 'group' ;
GROUP_BY_ZH : '分组' ;
BY          : 'by' ;
COMPUTE     : 'compute' | '计算' ;
HAVING      : 'having' | '分组筛选' ;
OUTPUT      : 'output' | '输出' ;
ORDER       : 'order' ;
ORDER_BY_ZH : '排序' ;
ASC         : 'asc' | '升序' ;
DESC        : 'desc' | '降序' ;
DISTINCT    : 'distinct' | '去重' ;
UNION       : 'union' | '并集' ;
AND         : 'and' | '且' ;
OR          : 'or' | '或' ;
NOT         : 'not' | '非' ;
IN          : 'in' | '属于' ;
BETWEEN     : 'between' | '介于' ;
IS          : 'is' ;
IS_NULL_ZH  : '为空' ;
NOT_NULL_ZH : '不为空' ;
NULL_LIT    : 'null' | '空值' ;
TRUE_LIT    : 'true' | '真' ;
FALSE_LIT   : 'false' | '假' ;
IF          : 'if' | '如果' ;
THEN        : 'then' | '则' ;
ELSE        : 'else' | '否则' ;
CASE        : 'case' | '情况' ;
WHEN        : 'when' | '当' ;
END         : 'end' | '结束' ;

// ---- literals -------------------------------------------------------------------------------
DATETIME : DIGIT4 '-' DIGIT2 '-' DIGIT2 'T' DIGIT2 ':' DIGIT2 (':' DIGIT2)? ;
DATE     : DIGIT4 '-' DIGIT2 '-' DIGIT2 ;
MONTH    : DIGIT4 '-' DIGIT2 ;
DECIMAL  : [0-9]+ '.' [0-9]+ ;
INT      : [0-9]+ ;
STRING   : '"' ( ~["\\\r\n] | '\\' . )* '"'
         | '\u201C' ~[\u201D\r\n]* '\u201D'     // “中文引号” as typed by Chinese input methods
         ;
UNTERMINATED_STRING : '"' ( ~["\\\r\n] | '\\' . )*
                    | '\u201C' ~[\u201D\r\n]*
                    ;

// ---- punctuation ----------------------------------------------------------------------------
LBRACE : '{' ; RBRACE : '}' ; LPAREN : '(' ; RPAREN : ')' ; LBRACK : '[' ; RBRACK : ']' ;
COMMA  : ',' | '，' ; COLON : ':' | '：' ; DOT : '.' ; QMARK : '?' | '？' ;
EQEQ : '==' ; NEQ : '!=' | '<>' ; LE : '<=' ; GE : '>=' ; LT : '<' ; GT : '>' ; ASSIGN : '=' ;
PLUS : '+' ; MINUS : '-' ; STAR : '*' ; SLASH : '/' ; PERCENT : '%' ;

// ---- names ----------------------------------------------------------------------------------
IDENT        : ID_START ID_PART* ;
QUOTED_IDENT : '`' ~[`\r\n]+ '`' ;

// ---- trivia ---------------------------------------------------------------------------------
LINE_COMMENT : ('#' | '//') ~[\r\n]* -> channel(HIDDEN) ;
BLOCK_COMMENT: '/*' .*? '*/' -> channel(HIDDEN) ;
WS           : [ \t\r\n\u3000\uFEFF]+ -> channel(HIDDEN) ;
// Anything else becomes one error token, so the parser (not the lexer) reports it with context.
BAD_CHAR     : . ;

fragment DIGIT2   : [0-9] [0-9] ;
fragment DIGIT4   : [0-9] [0-9] [0-9] [0-9] ;
fragment ID_START : [\p{L}_] ;
fragment ID_PART  : [\p{L}\p{N}_\u00B7] ;
