<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ja_JP">
<context>
    <name></name>
    <message>
        <location filename="../gui/inspect_views.py" line="+69"/>
        <source>Network layers</source>
        <translation>ネットワークの層</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Every layer of the network, in the order the drawing passes through them, with the shape of what it outputs and how many numbers it learns (its parameters).</source>
        <translation>ネットワークのすべての層を、手書きが通る順に、出力の形状と学習する数値の個数（パラメータ数）とともに示します。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Select every layer.</source>
        <translation>すべての層を選択します。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Select all layers</source>
        <translation>すべての層を選択</translation>
    </message>
    <message>
        <location line="+63"/>
        <source>Click a cell (or move with the arrow keys and press Space) to knock it out: its output becomes 0. Click it again to bring it back.</source>
        <translation>セルをクリックする（または矢印キーで移動して Space キーを押す）と無効にできます。出力は 0 になります。もう一度クリックすると元に戻ります。</translation>
    </message>
    <message>
        <location line="+128"/>
        <source>{0} maps, values from {1:.3g} (black) to {2:.3g} (white)</source>
        <translation>マップ {0} 枚、値は {1:.3g}（黒）から {2:.3g}（白）まで</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>{0} values; full red is {1:.3g}, full blue {2:.3g}</source>
        <translation>値 {0} 個。真っ赤が {1:.3g}、真っ青が {2:.3g}</translation>
    </message>
    <message>
        <location line="+48"/>
        <source>What each layer outputs</source>
        <translation>各層の出力</translation>
    </message>
    <message>
        <location line="+47"/>
        <source>Knocked-out units</source>
        <translation>無効にしたユニット</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Test accuracy with the units knocked out</source>
        <translation>ユニットを無効にしたときのテスト精度</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Reset all</source>
        <translation>すべて戻す(&amp;R)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Bring back every knocked-out unit</source>
        <translation>無効にしたユニットをすべて元に戻す</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Switch every knocked-out unit on again.</source>
        <translation>無効にしたユニットをすべて有効に戻します。</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>{0} unit(s) knocked out: their output is 0, and everything after them reads that.</source>
        <translation>{0} 個のユニットを無効にしています。その出力は 0 になり、後に続く層はすべてその値を受け取ります。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Click a unit or a feature map to knock it out (switch it off) and see what changes.</source>
        <translation>ユニットや特徴マップをクリックして無効に（オフに）し、何が変わるかを見てみましょう。</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Load a dataset (Draw &amp; Train page) to measure the test accuracy with these units knocked out.</source>
        <translation>データセットを読み込むと（描いて学習ページ）、これらのユニットを無効にしたときのテスト精度を測定できます。</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Measuring the test accuracy on {0:,} images…</source>
        <translation>{0:,} 枚の画像でテスト精度を測定しています…</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Test accuracy: {0:.2%} with these units knocked out, {1:.2%} with all of them.</source>
        <translation>テスト精度：これらのユニットを無効にすると {0:.2%}、すべて有効なら {1:.2%} です。</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>Probabilities ({0})</source>
        <translation>確率（{0}）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{0}. {1}: {2}</source>
        <translation>{0}. {1}：{2}</translation>
    </message>
    <message>
        <location filename="../gui/main_window.py" line="+58"/>
        <source>the disk is full</source>
        <translation>ディスクがいっぱいです</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the disk quota is used up</source>
        <translation>ディスクの割り当てを使い切りました</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the disk is read-only</source>
        <translation>ディスクが読み取り専用です</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+1"/>
        <source>you may not write to that folder</source>
        <translation>そのフォルダーには書き込めません</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the folder does not exist</source>
        <translation>フォルダーがありません</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>part of the path is not a folder</source>
        <translation>パスの一部がフォルダーではありません</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>part of the path is a file, not a folder</source>
        <translation>パスの一部がフォルダーではなくファイルです</translation>
    </message>
    <message>
        <location line="+47"/>
        <source>Unsaved model</source>
        <translation>未保存のモデル</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>&amp;Don&apos;t save</source>
        <translation>保存しない(&amp;D)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Training is running</source>
        <translation>学習の実行中</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A network is training. Save the network as trained so far before quitting? Either way, the next start offers to resume the run from its last epoch.</source>
        <translation>ネットワークを学習中です。終了する前に、ここまで学習したネットワークを保存しますか？どちらを選んでも、次回の起動時に最後のエポックから学習を再開できます。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Save and quit</source>
        <translation>保存して終了(&amp;S)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>&amp;Quit without saving</source>
        <translation>保存せずに終了(&amp;Q)</translation>
    </message>
    <message>
        <location line="+9"/>
        <location filename="../gui/pages/learn/gradient_check.py" line="+78"/>
        <source>&amp;Cancel</source>
        <translation>キャンセル(&amp;C)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Open model</source>
        <translation>モデルを開く</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+5"/>
        <source>DigitLab models (*.npz);;All files (*)</source>
        <translation>DigitLab モデル (*.npz);;すべてのファイル (*)</translation>
    </message>
    <message>
        <location line="-1"/>
        <source>Save model as</source>
        <translation>名前を付けてモデルを保存</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Export as ONNX</source>
        <translation>ONNX 形式でエクスポート</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>ONNX models (*.onnx);;All files (*)</source>
        <translation>ONNX モデル (*.onnx);;すべてのファイル (*)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Open image</source>
        <translation>画像を開く</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Images ({0});;All files (*)</source>
        <translation>画像 ({0});;すべてのファイル (*)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Dataset folder</source>
        <translation>データセット</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Export log as CSV</source>
        <translation>ログを CSV でエクスポート</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>CSV files (*.csv);;All files (*)</source>
        <translation>CSV ファイル (*.csv);;すべてのファイル (*)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Resume the run?</source>
        <translation>学習を再開しますか？</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Resume</source>
        <translation>再開(&amp;R)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Discard it</source>
        <translation>破棄(&amp;D)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Later</source>
        <translation>後で(&amp;L)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Delete runs</source>
        <translation>実行の削除</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Delete</source>
        <translation>削除(&amp;D)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Export my digits</source>
        <translation>自分の数字をエクスポート</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+5"/>
        <source>DigitLab digits (*.npz);;All files (*)</source>
        <translation>DigitLab 数字データ (*.npz);;すべてのファイル (*)</translation>
    </message>
    <message>
        <location line="-1"/>
        <source>Import digits</source>
        <translation>数字をインポート</translation>
    </message>
    <message>
        <location filename="../gui/my_digits_figures.py" line="+59"/>
        <source>Your digits labelled {0}</source>
        <translation>ラベルが {0} の自分の数字</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Your digits the network answered {0}</source>
        <translation>ネットワークが {0} と答えた自分の数字</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>{count} of your {total} digits labelled {label} were answered {answer}.</source>
        <translation>ラベルが {label} の自分の数字 {total} 個のうち、{count} 個が {answer} と答えられました。</translation>
    </message>
    <message>
        <location filename="../gui/pages/learn/__init__.py" line="+83"/>
        <source>Computational graph</source>
        <translation>計算グラフ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Deep Learning from Scratch, 5.4: backpropagation on a computational graph</source>
        <translation>『ゼロから作るDeep Learning』5.4節：計算グラフによる誤差逆伝播法</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Layer lab</source>
        <translation>レイヤ実験室</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Deep Learning from Scratch, 5.5 and 5.6: activation and Affine/Softmax layers</source>
        <translation>『ゼロから作るDeep Learning』5.5節・5.6節：活性化関数レイヤと Affine/Softmax レイヤ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Softmax and cross-entropy</source>
        <translation>ソフトマックスと交差エントロピー誤差</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Deep Learning from Scratch, 3.5 (softmax), 4.2.2 (cross-entropy) and 5.6.3 (Softmax-with-Loss)</source>
        <translation>『ゼロから作るDeep Learning』3.5節（ソフトマックス）、4.2.2節（交差エントロピー誤差）、5.6.3節（Softmax-with-Loss レイヤ）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Gradient check</source>
        <translation>勾配確認</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Deep Learning from Scratch, 4.3 (numerical differentiation) and 5.7 (gradient check)</source>
        <translation>『ゼロから作るDeep Learning』4.3節（数値微分）、5.7節（勾配確認）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Backprop on my drawing</source>
        <translation>自分の手書きで誤差逆伝播</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Deep Learning from Scratch, 5.7 (backprop) and 4.4 (gradient descent)</source>
        <translation>『ゼロから作るDeep Learning』5.7節（誤差逆伝播法）、4.4節（勾配降下法）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Regression playground</source>
        <translation>回帰の実験場</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>PyTorch tutorial “Learning PyTorch with Examples”, warm-up with NumPy; Deep Learning from Scratch, 5.7</source>
        <translation>PyTorch チュートリアル「Learning PyTorch with Examples」の NumPy によるウォームアップ、『ゼロから作るDeep Learning』5.7節</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The book&apos;s own check</source>
        <translation>本書のやり方で確認</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Deep Learning from Scratch, 3.6.2: inference on MNIST</source>
        <translation>『ゼロから作るDeep Learning』3.6.2節：MNIST での推論</translation>
    </message>
    <message>
        <location filename="../gui/pages/learn/common.py" line="+175"/>
        <source>{0}, row {1}, column {2}: “{3}” is not a number.</source>
        <translation>{0}、{1} 行 {2} 列：「{3}」は数値ではありません。</translation>
    </message>
    <message>
        <location line="+49"/>
        <source>Source code</source>
        <translation>ソースコード</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>The source code is not in this copy of DigitLab.</source>
        <translation>この DigitLab にはソースコードが含まれていません。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{0}, lines {1}-{2}: the code that computed these numbers</source>
        <translation>{0}、{1}-{2} 行目：これらの数値を計算したコード</translation>
    </message>
    <message>
        <location line="+60"/>
        <source>Code of {0}</source>
        <translation>{0} のコード</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Choose which piece of this way&apos;s code to read.</source>
        <translation>このやり方のコードのうち、どの部分を読むかを選びます。</translation>
    </message>
    <message>
        <location filename="../gui/pages/learn/gradient_check.py" line="-6"/>
        <source>small network: 16-10-3, sigmoid</source>
        <translation>小ネットワーク：16-10-3、Sigmoid</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>preset {0}</source>
        <translation>プリセット {0}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Network to check</source>
        <translation>確認するネットワーク</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The network whose backward pass is checked; the check starts as soon as you choose one.</source>
        <translation>逆伝播を確認するネットワークです。選ぶとすぐに確認が始まります。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Cancel the gradient check</source>
        <translation>勾配確認をキャンセル</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stop the gradient check that is running.</source>
        <translation>実行中の勾配確認を停止します。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Gradient check progress</source>
        <translation>勾配確認の進み具合</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Parameter arrays checked so far.</source>
        <translation>これまでに確認したパラメータ配列の数です。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%v of %m arrays</source>
        <translation>%v / %m 配列</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Relative error of each parameter array</source>
        <translation>パラメータ配列ごとの相対誤差</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Parameter</source>
        <translation>パラメータ</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Shape</source>
        <translation>形状</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Elements checked</source>
        <translation>確認した要素</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Relative error</source>
        <translation>相対誤差</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Result</source>
        <translation>結果</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Gradient check result</source>
        <translation>勾配確認の結果</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Relative error against the step size h</source>
        <translation>ステップ幅 h に対する相対誤差</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>step size h</source>
        <translation>ステップ幅 h</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>relative error</source>
        <translation>相対誤差</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Measuring the error for {0} step sizes...</source>
        <translation>{0} 通りのステップ幅で誤差を測定しています…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Smallest error of each precision</source>
        <translation>浮動小数点の精度ごとの最小誤差</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Backprop gives every gradient in one backward pass; the numerical gradient moves one parameter by +h and -h and divides the change in the loss by 2h (book 4.3). Slow, but too simple to get wrong: if the two agree, the backward pass is right (book 5.7). Here DigitLab&apos;s own layers are checked in float64.</source>
        <translation>誤差逆伝播法は、1回の逆伝播ですべての勾配を求めます。数値勾配は、パラメータを1つずつ +h と -h だけ動かし、損失の変化を 2h で割って求めます（本書4.3節）。遅いものの、単純なので間違えようがありません。両者が一致すれば、逆伝播は正しいといえます（本書5.7節）。ここでは DigitLab 自身の層を float64 で確認します。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Network:</source>
        <translation>ネットワーク(&amp;N)：</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Backprop against the numerical gradient, per parameter array</source>
        <translation>誤差逆伝播法と数値勾配の比較（パラメータ配列ごと）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The error against the step size h (small network)</source>
        <translation>ステップ幅 h に対する誤差（小ネットワーク）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Right of the minimum the error falls as h squared: the central difference is exact for a parabola and misses only the third-order term (truncation). Left of it the error grows as eps/h: the two losses agree in almost every digit, their difference keeps only the last few, and dividing by 2h magnifies that rounding (float64&apos;s eps is 2e-16, float32&apos;s 1e-7, so float32 is best at a much larger h and never gets close).</source>
        <translation>最小点より右では、誤差は h の2乗に比例して小さくなります。中心差分は放物線に対しては厳密で、取りこぼすのは3次の項（打ち切り誤差）だけだからです。最小点より左では、誤差は eps/h に比例して大きくなります。2つの損失はほとんどの桁で一致し、その差には最後の数桁しか残らないので、2h で割るとその丸め誤差が拡大されるのです（float64 の eps は 2e-16、float32 は 1e-7 なので、float32 はずっと大きな h で最良となり、それでも float64 には遠く及びません）。</translation>
    </message>
    <message>
        <location line="+6"/>
        <location filename="../gui/pages/learn/my_drawing.py" line="+220"/>
        <source>The engine&apos;s code</source>
        <translation>エンジンのコード</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Measuring the error against h failed</source>
        <translation>h に対する誤差の測定に失敗しました</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Checking {0}...</source>
        <translation>{0} を確認しています…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The gradient check failed</source>
        <translation>勾配確認に失敗しました</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Cancelled: choose a network to check it again.</source>
        <translation>キャンセルしました。もう一度確認するには、ネットワークを選んでください。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>{0} of {1}</source>
        <translation>{0} / {1}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>pass</source>
        <translation>合格</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>FAIL</source>
        <translation>不合格</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Largest relative error {0}, under the tolerance {1} of “python -m engine gradcheck” (h = {2}): backprop agrees with the numerical gradient.</source>
        <translation>相対誤差の最大値は {0} で、「python -m engine gradcheck」の許容値 {1} を下回っています（h = {2}）。誤差逆伝播法は数値勾配と一致しています。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Largest relative error {0}, not under the tolerance {1} of “python -m engine gradcheck” (h = {2}): a backward pass is wrong.</source>
        <translation>相対誤差の最大値は {0} で、「python -m engine gradcheck」の許容値 {1} を下回っていません（h = {2}）。どこかの逆伝播が間違っています。</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>{0}: smallest error {1} at h = {2}</source>
        <translation>{0}：h = {2} で最小誤差 {1}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Measured: {0}; {1}.</source>
        <translation>測定結果：{0}、{1}。</translation>
    </message>
    <message>
        <location filename="../gui/pages/learn/layer_lab.py" line="+35"/>
        <source>{0}×{1}</source>
        <translation>{0}×{1}</translation>
    </message>
    <message>
        <location filename="../gui/pages/learn/my_drawing.py" line="-120"/>
        <source>C&amp;lear</source>
        <translation>消去(&amp;L)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Clear the drawing</source>
        <translation>手書きを消去</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Erase the drawing (every page shares it).</source>
        <translation>手書きを消去します（すべてのページで共通です）。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The digit your drawing is</source>
        <translation>描いた数字</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The label the loss is computed for: what you say the drawing is.</source>
        <translation>損失を計算するときのラベル、つまりあなたが描いたつもりの数字です。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>What to do first</source>
        <translation>最初にすること</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Gradient of the loss for each pixel</source>
        <translation>ピクセルごとの損失の勾配</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Loss</source>
        <translation>損失</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Gradients of the first layer&apos;s weights</source>
        <translation>第1層の重みの勾配</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>What the weight pictures are</source>
        <translation>重みの画像の説明</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Learning rate</source>
        <translation>学習率</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>How far one step moves every weight against its gradient.</source>
        <translation>1ステップで、各重みを勾配と逆向きにどれだけ動かすかです。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Take one &amp;step</source>
        <translation>1ステップ進める(&amp;S)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Take one step</source>
        <translation>1ステップ進める</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Apply one SGD update to the copy: every weight minus the learning rate times its gradient.</source>
        <translation>コピーに SGD の更新を1回適用します。各重みから「学習率×勾配」を引きます。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Undo the step</source>
        <translation>ステップを取り消す(&amp;U)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Undo the step</source>
        <translation>ステップを取り消す</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Put back the copy&apos;s weights as they were before the last step.</source>
        <translation>コピーの重みを、直前のステップの前の状態に戻します。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Steps taken</source>
        <translation>実行したステップ数</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Probabilities before and after the steps</source>
        <translation>ステップ前後の確率</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>probability</source>
        <translation>確率</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>the window&apos;s model</source>
        <translation>ウィンドウのモデル</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the copy, after its steps</source>
        <translation>ステップ後のコピー</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Probabilities</source>
        <translation>確率</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Backprop does not stop at the weights: one more step back gives the gradient of the loss with respect to every pixel of your drawing (book 5.7). Say what digit it is; red pixels are where more ink would raise the loss, blue where it would lower it. Then take a step of gradient descent (book 4.4) on a copy of the model, and undo it: the model the other pages read does not change.</source>
        <translation>誤差逆伝播法は重みで止まりません。もう1段さかのぼると、手書きの各ピクセルについての損失の勾配が得られます（本書5.7節）。何の数字かを選んでください。赤いピクセルはインクを足すと損失が上がる場所、青は下がる場所です。次に、モデルのコピーで勾配降下法を1ステップ実行し（本書4.4節）、取り消してみましょう。他のページが使うモデルは変わりません。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Your drawing</source>
        <translation>あなたの手書き</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>It &amp;is a:</source>
        <translation>正解の数字(&amp;I)：</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>d loss / d pixel</source>
        <translation>d loss / d pixel</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>d loss / d weights of the first layer</source>
        <translation>d loss / d 重み（第1層）</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Learning &amp;rate:</source>
        <translation>学習率(&amp;R)：</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>One step of gradient descent on a copy of the model</source>
        <translation>モデルのコピーで勾配降下法を1ステップ</translation>
    </message>
    <message>
        <location line="+59"/>
        <source>No model: open one (File &gt; Open) or train one, then come back.</source>
        <translation>モデルがありません。モデルを開く（ファイル &gt; 開く）か学習させてから、戻ってきてください。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Draw a digit on the canvas: its gradients appear here.</source>
        <translation>キャンバスに数字を描いてください。その勾配がここに表示されます。</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>Loss for “{0}”: {1}. Largest |d loss / d pixel|: {2}.</source>
        <translation>「{0}」に対する損失：{1}。|d loss / d pixel| の最大値：{2}。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The network is already sure it is a {0}: the loss is nearly 0, and so is every gradient. Choose another digit to see what would change its mind.</source>
        <translation>ネットワークはすでに {0} だと確信しています。損失はほぼ 0 で、勾配もすべてほぼ 0 です。別の数字を選ぶと、判断を変えるには何が必要かがわかります。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>unit {0}</source>
        <translation>ユニット {0}</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>filter {0}</source>
        <translation>フィルター {0}</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>The {0} hidden units whose 784 weights have the largest gradient, each drawn as 28x28. dW = xᵀ · dout: each picture is your drawing times how much that unit&apos;s output should change, so it has the drawing&apos;s shape.</source>
        <translation>784 個の重みの勾配が最も大きい隠れユニット {0} 個を、それぞれ 28x28 の画像で示します。dW = xᵀ · dout なので、各画像はあなたの手書きに「そのユニットの出力をどれだけ変えるべきか」を掛けたものであり、手書きと同じ形になります。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The {0} first-layer filters whose gradient is largest. A filter slides over the whole image, so its gradient adds up every position: it does not have the drawing&apos;s shape.</source>
        <translation>勾配が最も大きい第1層のフィルター {0} 個です。フィルターは画像全体をスライドするので、その勾配はすべての位置での勾配の合計になり、手書きの形にはなりません。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The first layer is a {0}: its weights are not pictures.</source>
        <translation>第1層は {0} なので、重みは画像になりません。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>model</source>
        <translation>モデル</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>copy</source>
        <translation>コピー</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Steps the copy has taken: {0}.</source>
        <translation>コピーのステップ数：{0}。</translation>
    </message>
    <message>
        <location filename="../gui/pages/learn/regression.py" line="+51"/>
        <source>(a) By hand in NumPy</source>
        <translation>(a) NumPy で直接実装</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>(b) The engine&apos;s layers</source>
        <translation>(b) エンジンの層</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>(c) The engine&apos;s Trainer</source>
        <translation>(c) エンジンの Trainer</translation>
    </message>
    <message>
        <location filename="../gui/pages/my_digits.py" line="+80"/>
        <location line="+108"/>
        <source>{0} (held out)</source>
        <translation>{0}（評価用）</translation>
    </message>
    <message>
        <location line="-104"/>
        <source>Labelled {0}; held out: fine-tuning never trains on it, so the model&apos;s accuracy on it stays honest.</source>
        <translation>ラベル {0}。評価用：ファインチューニングで学習に使わないため、この数字での認識精度は公正な値のままです。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Labelled {0}; fine-tuning may train on it.</source>
        <translation>ラベル {0}。ファインチューニングで学習に使われることがあります。</translation>
    </message>
    <message>
        <location line="+46"/>
        <location line="+98"/>
        <source>My digits</source>
        <translation>自分の数字</translation>
    </message>
    <message>
        <location line="-83"/>
        <source>How to add digits</source>
        <translation>数字の追加方法</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No digits of yours yet. Draw a digit on the Draw &amp; Train page (Ctrl+1), then press its key, 0 to 9, while the canvas has the focus, or choose it under &quot;Add to my digits&quot;. Each one is kept here, in your data folder.</source>
        <translation>まだ自分の数字がありません。「描いて学習」ページ (Ctrl+1) で数字を描き、キャンバスにフォーカスがある状態でその数字のキー (0～9) を押すか、「自分の数字に追加」から選んでください。追加した数字はデータフォルダーに保存され、ここに表示されます。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Digits per label</source>
        <translation>ラベルごとの個数</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Not saved</source>
        <translation>未保存</translation>
    </message>
    <message>
        <location line="+2"/>
        <location filename="../gui/pages/runs.py" line="+219"/>
        <source>&amp;Delete…</source>
        <translation>削除(&amp;D)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete the selected digits, after asking (Delete key in the gallery).</source>
        <translation>選択した数字を、確認のうえ削除します（ギャラリーでは Delete キー）。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Relabel</source>
        <translation>ラベル変更(&amp;R)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Give the selected digits another label (or press 0-9 in the gallery).</source>
        <translation>選択した数字のラベルを変更します（ギャラリーで 0～9 を押しても変更できます）。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>E&amp;xport…</source>
        <translation>エクスポート(&amp;X)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Write all your digits to one file, to share with a class or keep a copy.</source>
        <translation>すべての数字を 1 つのファイルに書き出します。クラスで共有したり、控えを残したりできます。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Import…</source>
        <translation>インポート(&amp;I)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Add the digits of a file exported from DigitLab; those already here are skipped.</source>
        <translation>DigitLab からエクスポートしたファイルの数字を追加します。すでにある数字はスキップします。</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>My digits, newest first</source>
        <translation>自分の数字（新しい順）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Your digits, newest first. Select some (Ctrl or Shift and click), then press 0-9 to relabel them or Delete to delete them. Those in italics, &quot;held out&quot;, are never trained on.</source>
        <translation>自分の数字です（新しい順）。いくつか選択し（Ctrl または Shift を押しながらクリック）、0～9 を押すとラベルを変更、Delete を押すと削除します。斜体の「評価用」の数字は学習に使いません。</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>As &amp;{0}</source>
        <translation>&amp;{0} に変更</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Label the selected digits {0}.</source>
        <translation>選択した数字のラベルを {0} にします。</translation>
    </message>
    <message>
        <location line="+53"/>
        <source>{0} — {1} in all; {2} held out (in italics), never trained on, for an honest accuracy.</source>
        <translation>{0} — 全 {1} 個。うち {2} 個は評価用（斜体）で、公正な認識精度を測るため学習には使いません。</translation>
    </message>
    <message>
        <location filename="../gui/pages/runs.py" line="-129"/>
        <source>Preset</source>
        <translation>プリセット</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Test acc.</source>
        <translation>テスト精度</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Train acc.</source>
        <translation>訓練精度</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Time</source>
        <translation>時間</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Kept</source>
        <translation>保存日時</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Size</source>
        <translation>サイズ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The preset the run started from.</source>
        <translation>この実行の開始時のプリセットです。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Accuracy on the test images, never trained on.</source>
        <translation>テスト画像（学習に使っていない画像）での認識精度です。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Accuracy on the images it trained on.</source>
        <translation>学習に使った画像での認識精度です。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>How long the training took.</source>
        <translation>学習にかかった時間です。</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>When the run ended and was kept.</source>
        <translation>実行が終了し、保存された日時です。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Space the run takes on the disk, its model included.</source>
        <translation>この実行がディスク上で占める容量です（モデルを含みます）。</translation>
    </message>
    <message>
        <location line="+12"/>
        <location line="+3"/>
        <source>Kept runs</source>
        <translation>保存された実行</translation>
    </message>
    <message>
        <location line="-2"/>
        <source>Every finished run, kept automatically. Select several (Ctrl or Shift and click) to compare their curves; click a heading to sort.</source>
        <translation>終了した実行はすべて自動で保存されます。複数選択する（Ctrl または Shift を押しながらクリック）と曲線を比較できます。見出しをクリックすると並べ替えます。</translation>
    </message>
    <message>
        <location line="+53"/>
        <source>epoch</source>
        <translation>エポック</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>{0}: select runs in the list</source>
        <translation>{0}：一覧から実行を選択してください</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Runs</source>
        <translation>実行履歴</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>&amp;Open model</source>
        <translation>モデルを開く(&amp;O)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open the selected run&apos;s model: draw on it and look inside it.</source>
        <translation>選択した実行のモデルを開きます。そのモデルに手書きを読ませたり、中を見たりできます。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>E&amp;xport log as CSV…</source>
        <translation>ログを CSV でエクスポート(&amp;X)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Write the selected run&apos;s log, one row per entry with the LogReport&apos;s columns, to a CSV file a spreadsheet opens.</source>
        <translation>選択した実行のログを、表計算ソフトで開ける CSV ファイルに書き出します。1 エントリが 1 行で、列は LogReport と同じです。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Delete the selected runs from the disk, after asking.</source>
        <translation>選択した実行を、確認のうえディスクから削除します。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Kept runs in all</source>
        <translation>保存された実行の合計</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Kept runs that could not be read</source>
        <translation>読み込めなかった保存済みの実行</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Loss per epoch</source>
        <translation>エポックごとの損失</translation>
    </message>
    <message>
        <location filename="../engine/training/extensions/guard.py" line="+41"/>
        <location filename="../gui/pages/runs.py" line="+0"/>
        <source>loss</source>
        <translation>損失</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{what} became {value}</source>
        <translation>{what}が {value} になりました</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>the weights became non-finite</source>
        <translation>重みが有限でない値になりました</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>{what_happened} at iteration {iteration} (epoch {epoch}); weights restored to iteration {kept}. Lower the learning rate.</source>
        <translation>イテレーション {iteration}（エポック {epoch}）で{what_happened}。重みをイテレーション {kept} の時点に戻しました。学習率を下げてください。</translation>
    </message>
    <message>
        <location filename="../gui/pages/runs.py" line="+1"/>
        <source>Accuracy: test solid, train dashed</source>
        <translation>精度：テストは実線、訓練は破線</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>accuracy (%)</source>
        <translation>精度 (%)</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+4"/>
        <location line="+1"/>
        <source>Settings that differ</source>
        <translation>異なる設定</translation>
    </message>
    <message>
        <location line="-4"/>
        <source>The settings in which the selected runs differ, one column per run in its colour.</source>
        <translation>選択した実行の間で異なる設定です。実行ごとに 1 列、その実行の色で示します。</translation>
    </message>
    <message>
        <location line="+67"/>
        <source>{0} runs kept in {1}, {2} of {3}.</source>
        <translation>{1} に {0} 件の実行を保存済み、容量は {3} 中 {2} です。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>No runs kept yet: every run you train is kept here when it ends, with its settings, its log, its curves and its model.</source>
        <translation>保存された実行はまだありません。学習させた実行は、終了時に設定・ログ・曲線・モデルとともにすべてここに保存されます。</translation>
    </message>
    <message>
        <location line="+67"/>
        <source>Select two or more runs to see the settings in which they differ.</source>
        <translation>2 つ以上の実行を選択すると、異なる設定を表示します。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The selected runs have the same settings.</source>
        <translation>選択した実行の設定はすべて同じです。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Settings that differ:</source>
        <translation>異なる設定：</translation>
    </message>
    <message>
        <location filename="../gui/train_panel.py" line="+81"/>
        <source>{0:.0f} seconds</source>
        <translation>{0:.0f} 秒</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{0:.0f} minutes</source>
        <translation>{0:.0f} 分</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{0:.1f} hours</source>
        <translation>{0:.1f} 時間</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{0} (built in)</source>
        <translation>{0}（内蔵）</translation>
    </message>
    <message>
        <location filename="../gui/trainer_view.py" line="+36"/>
        <source>every epoch</source>
        <translation>毎エポック</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>every {0} epochs</source>
        <translation>{0} エポックごと</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>every iteration</source>
        <translation>毎イテレーション</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>every {0:,} iterations</source>
        <translation>{0:,} イテレーションごと</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>after epochs {0}</source>
        <translation>エポック {0} の終了時</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>at iterations {0}</source>
        <translation>イテレーション {0} の時点</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>only when called</source>
        <translation>呼び出されたときのみ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>its own rule</source>
        <translation>独自の規則</translation>
    </message>
    <message>
        <location filename="../gui/pages/learn/graph.py" line="+49"/>
        <source>apple</source>
        <translation>りんご</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>apple count</source>
        <translation>りんごの個数</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>tax</source>
        <translation>消費税</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>orange</source>
        <translation>みかん</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>orange count</source>
        <translation>みかんの個数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>apple price</source>
        <translation>りんごの金額</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>orange price</source>
        <translation>みかんの金額</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>fruit price</source>
        <translation>果物の金額</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>price</source>
        <translation>支払金額</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Apples: 100 yen × 2 apples × tax 1.1</source>
        <translation>りんご：100 円 × 2 個 × 消費税 1.1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Apples and oranges: (2 × 100 + 3 × 150) × tax 1.1</source>
        <translation>りんごとみかん：(2 × 100 + 3 × 150) × 消費税 1.1</translation>
    </message>
    <message>
        <location filename="../gui/i18n.py" line="+26"/>
        <source>completed</source>
        <translation>完了</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>stopped by request</source>
        <translation>停止を指示</translation>
    </message>
    <message>
        <location filename="../gui/photo_file.py" line="+64"/>
        <location line="+86"/>
        <source>{0} is a damaged or truncated {1} file.</source>
        <translation>{0} は壊れているか途中で切れた {1} ファイルです。</translation>
    </message>
    <message>
        <location line="-74"/>
        <source>No digit found in {0}: nothing in it is dark and large enough to be one. Take the photo close, so that one digit in dark ink fills much of it.</source>
        <translation>{0} に数字が見つかりません。数字と見なせるほど濃く大きな線がありません。濃いインクで書いた数字 1 つが画面の大部分を占めるよう、近づいて撮影してください。</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>{0} is empty.</source>
        <translation>{0} は空です。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>{0} does not exist.</source>
        <translation>{0} はありません。</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+8"/>
        <source>{0} is a folder, not an image.</source>
        <translation>{0} は画像ではなくフォルダーです。</translation>
    </message>
    <message>
        <location line="-6"/>
        <source>{0} cannot be read: you may not read it.</source>
        <translation>{0} を読めません。読み取りの権限がありません。</translation>
    </message>
    <message>
        <location filename="../gui/current_model.py" line="+50"/>
        <location filename="../gui/photo_file.py" line="+1"/>
        <source>{0} cannot be read: {1}.</source>
        <translation>{0} を読めません（{1}）。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{0} is too large to open: there is not enough memory.</source>
        <translation>{0} は大きすぎて開けません。メモリが不足しています。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>{0} reads inputs of shape {1}; DigitLab&apos;s window reads 28x28 images into {2} classes.</source>
        <translation>{0} の入力の形状は {1} です。DigitLab のウィンドウは 28x28 の画像を読み取り、{2} クラスに分類します。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{0} is not a classifier; DigitLab&apos;s window reads 28x28 images into {1} classes.</source>
        <translation>{0} は分類のモデルではありません。DigitLab のウィンドウは 28x28 の画像を読み取り、{1} クラスに分類します。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{0} has {1} outputs; DigitLab&apos;s window reads 28x28 images into {2} classes.</source>
        <translation>{0} の出力は {1} 個です。DigitLab のウィンドウは 28x28 の画像を読み取り、{2} クラスに分類します。</translation>
    </message>
    <message>
        <location filename="../gui/photo_file.py" line="+7"/>
        <source>{0} is not an ordinary file (a device or a pipe): DigitLab opens only ordinary files.</source>
        <translation>{0} は通常のファイルではありません（デバイスかパイプ）。DigitLab は通常のファイルだけを開きます。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>{0} is too large ({1} MB): DigitLab opens images of up to {2} MB.</source>
        <translation>{0} は大きすぎます（{1} MB）。DigitLab が開ける画像は {2} MB までです。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>{0} is not a picture DigitLab can open: save it as PNG or JPEG.</source>
        <translation>{0} は DigitLab が開ける画像ではありません。PNG か JPEG で保存してください。</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>{0} is too large ({1}x{2} pixels): DigitLab opens pictures of up to {3} megapixels and {4} pixels a side.</source>
        <translation>{0} は大きすぎます（{1}x{2} ピクセル）。DigitLab が開ける画像は {3} メガピクセル、一辺 {4} ピクセルまでです。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>{0} is too large to open: its {1}x{2} pixels would take {3} MB. Save a smaller picture, or a JPEG.</source>
        <translation>{0} は大きすぎて開けません。{1}x{2} ピクセルを展開すると {3} MB 必要です。小さい画像か JPEG で保存してください。</translation>
    </message>
    <message>
        <location filename="../engine/data/datasets.py" line="+59"/>
        <source>an IDX file</source>
        <translation>IDX ファイル</translation>
    </message>
    <message>
        <location line="+1"/>
        <location filename="../engine/data/my_digits.py" line="+64"/>
        <source>images</source>
        <translation>画像</translation>
    </message>
    <message>
        <location line="+0"/>
        <location filename="../engine/data/my_digits.py" line="+0"/>
        <source>labels</source>
        <translation>ラベル</translation>
    </message>
    <message>
        <location line="+71"/>
        <location filename="../engine/files/fileio.py" line="+205"/>
        <location line="+114"/>
        <source>{path} is empty.</source>
        <translation>{path} は空です。</translation>
    </message>
    <message>
        <location line="+115"/>
        <source>{path} is not a genuine dataset file: its header declares {declared} of data, far more than its {stored} on disk can hold.</source>
        <translation>{path} は本物のデータセットファイルではありません：ヘッダーでは {declared} のデータがあると宣言されていますが、ディスク上の {stored} にはとても収まりません。</translation>
    </message>
    <message>
        <location line="+10"/>
        <location filename="../engine/files/fileio.py" line="+76"/>
        <source>{megabytes:,.1f} MB</source>
        <translation>{megabytes:,.1f} MB</translation>
    </message>
    <message>
        <location line="+1"/>
        <location filename="../engine/files/fileio.py" line="+1"/>
        <source>{count:,} bytes</source>
        <translation>{count:,} バイト</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{path} is not an IDX file: it is too short.</source>
        <translation>{path} は IDX ファイルではありません：短すぎます。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{path} is not an IDX file (MNIST&apos;s format).</source>
        <translation>{path} は IDX ファイル（MNIST の形式）ではありません。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{path} holds IDX numbers of a type DigitLab cannot read: only unsigned bytes, MNIST&apos;s type, are supported.</source>
        <translation>{path} には DigitLab が読み込めない型の IDX 数値が入っています：対応しているのは MNIST が使う符号なしバイトだけです。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{path} is not an MNIST image or label file: its data has {count} dimensions.</source>
        <translation>{path} は MNIST の画像ファイルでもラベルファイルでもありません：データが {count} 次元です。</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>{path} holds {held}, not {kind}.</source>
        <translation>{path} には{kind}ではなく{held}が入っています。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{path} holds no data.</source>
        <translation>{path} にはデータが入っていません。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{path} holds {height}x{width} images; DigitLab needs 28x28.</source>
        <translation>{path} の画像は {height}x{width} です。DigitLab には 28x28 の画像が必要です。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{path} is too large: it declares {count:,} {held}, more than the {limit:,} DigitLab reads.</source>
        <translation>{path} は大きすぎます：{held}が {count:,} 個あると宣言されていますが、DigitLab が読み込むのは {limit:,} 個までです。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>{path} holds label {label} at index {index}, outside 0-{last}.</source>
        <translation>{path} のインデックス {index} のラベルが {label} で、0～{last} の範囲外です。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>{path} is incomplete: the file ends before its data does (was it copied completely?).</source>
        <translation>{path} は不完全です：データの途中でファイルが終わっています（最後までコピーされましたか？）。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{path} has extra bytes after its data.</source>
        <translation>{path} にはデータの後ろに余分なバイトがあります。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{path} is damaged: its gzip data cannot be read.</source>
        <translation>{path} は破損しています：gzip データを読み取れません。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>an input/output error</source>
        <translation>入出力エラー</translation>
    </message>
    <message>
        <location line="+1"/>
        <location filename="../engine/files/fileio.py" line="-218"/>
        <source>{path} cannot be read: {reason}.</source>
        <translation>{path} を読み取れません：{reason}。</translation>
    </message>
    <message>
        <location line="+101"/>
        <source>{path} changed while it was being read.</source>
        <translation>{path} は読み取りの途中で変更されました。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>{path} differs from the real MNIST: its content does not match the published checksum.</source>
        <translation>{path} は本物の MNIST と異なります：内容が公開されているチェックサムと一致しません。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>{path} has {labels:,} labels for the {images:,} images in {images_file}.</source>
        <translation>{path} にはラベルが {labels:,} 個ありますが、{images_file} の画像は {images:,} 枚です。</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>{folder} does not exist.</source>
        <translation>{folder} は存在しません。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{folder} is not a folder.</source>
        <translation>{folder} はフォルダーではありません。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{folder} has no {name}(.gz).</source>
        <translation>{folder} に {name}(.gz) がありません。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{folder}: {problem}</source>
        <translation>{folder}：{problem}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{folder}: {file} {problem}.</source>
        <translation>{folder}：{file} は{problem}。</translation>
    </message>
    <message>
        <location line="+23"/>
        <location line="+3"/>
        <source>is damaged (its gzip data cannot be read)</source>
        <translation>破損しています（gzip データを読み取れません）</translation>
    </message>
    <message>
        <location line="-2"/>
        <location filename="../engine/training/run_store.py" line="+372"/>
        <source>cannot be read ({reason})</source>
        <translation>読み取れません（{reason}）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>is empty</source>
        <translation>空です</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>holds {height}x{width} images, not 28x28</source>
        <translation>画像のサイズが 28x28 ではなく {height}x{width} です</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>holds no data</source>
        <translation>データを含んでいません</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>is not an MNIST image file</source>
        <translation>MNIST の画像ファイルではありません</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>is not an MNIST label file</source>
        <translation>MNIST のラベルファイルではありません</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>declares {count:,} {held}, more than the {limit:,} DigitLab reads</source>
        <translation>{held}の数を {count:,} と宣言していますが、DigitLab が読み込むのは {limit:,} までです</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>declares far more data than it holds (it is not a genuine dataset file)</source>
        <translation>実際の中身よりはるかに多いデータ量を宣言しています（本物のデータセットファイルではありません）</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>is incomplete or damaged (was it copied completely?)</source>
        <translation>不完全か破損しています（最後までコピーされましたか？）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>is incomplete: the file ends early (was it copied completely?)</source>
        <translation>ファイルが途中で終わっていて不完全です（最後までコピーされましたか？）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>has extra bytes after its data</source>
        <translation>データの後ろに余分なバイトがあります</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>{folder}: the training set has {images} images but {labels} labels.</source>
        <translation>{folder}：訓練データの画像は {images} 枚ですが、ラベルは {labels} 個です。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{folder}: the test set has {images} images but {labels} labels.</source>
        <translation>{folder}：テストデータの画像は {images} 枚ですが、ラベルは {labels} 個です。</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>{folder} (from ${variable})</source>
        <translation>{folder}（${variable} で指定）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>no {name} dataset found (searched {searched}); pass --data DIR or set ${variable}, or download it with: python -m engine fetch --dest DIR</source>
        <translation>{name} データセットが見つかりません（探した場所：{searched}）。--data DIR を指定するか ${variable} を設定してください。または次のコマンドでダウンロードしてください：python -m engine fetch --dest DIR</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>{folder}: no such dataset folder</source>
        <translation>{folder}：データセットのフォルダーが存在しません</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{folder}: not a dataset folder, missing {files} (.gz or uncompressed)</source>
        <translation>{folder}：データセットのフォルダーではありません。{files}（.gz または非圧縮）が見つかりません</translation>
    </message>
    <message>
        <location filename="../engine/data/fetch.py" line="+58"/>
        <source>{folder}: cannot create the folder ({reason})</source>
        <translation>{folder}：フォルダーを作成できません（{reason}）</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>{url}: {problem}</source>
        <translation>{url}：{problem}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>could not download {name}: {failures}</source>
        <translation>{name} をダウンロードできませんでした：{failures}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{said}; {more}</source>
        <translation>{said}；{more}</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>{path}: cannot move the verified download into place ({reason})</source>
        <translation>{path}：検証済みのダウンロードを所定の場所に移動できません（{reason}）</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>asked to resume at byte {offset}, server resumed at {start}</source>
        <translation>{offset} バイト目からの再開を要求しましたが、サーバーは {start} バイト目から再開しました</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>HTTP {code} {reason}</source>
        <translation>HTTP {code} {reason}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>no connection within {timeout} s</source>
        <translation>{timeout} 秒以内に接続できませんでした</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>cannot connect ({reason})</source>
        <translation>接続できません（{reason}）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>no answer within {timeout} s</source>
        <translation>{timeout} 秒以内に応答がありませんでした</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>connection failed ({error})</source>
        <translation>接続に失敗しました（{error}）</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>206 answer with an unreadable Content-Range {header}</source>
        <translation>206 応答の Content-Range {header} を読み取れません</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>more than {limit} bytes, not an MNIST file</source>
        <translation>{limit} バイトを超えており、MNIST のファイルではありません</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>connection closed after {done} of {total} bytes</source>
        <translation>{total} バイト中 {done} バイトで接続が切れました</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>stalled after {done} bytes (timed out)</source>
        <translation>{done} バイトで止まりました（タイムアウト）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>connection lost after {done} bytes ({error})</source>
        <translation>{done} バイトで接続が失われました（{error}）</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>{path}: cannot write ({reason})</source>
        <translation>{path}：書き込めません（{reason}）</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>damaged download ({error})</source>
        <translation>ダウンロードしたデータが破損しています（{error}）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>checksum mismatch: SHA-256 of the content is {digest}, expected {expected}</source>
        <translation>チェックサムが一致しません：内容の SHA-256 は {digest} ですが、期待される値は {expected} です</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>decompresses to more than {limit} bytes</source>
        <translation>展開すると {limit} バイトを超えます</translation>
    </message>
    <message>
        <location filename="../engine/data/my_digits.py" line="-14"/>
        <source>DigitLab digits file</source>
        <translation>DigitLab の数字ファイル</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>digit ids</source>
        <translation>数字の ID</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>format record</source>
        <translation>形式情報</translation>
    </message>
    <message>
        <location line="+78"/>
        <source>My digits is full: it holds {count:,} digits, the most it can. Delete some to add more.</source>
        <translation>「自分の数字」はいっぱいです。保存できる上限の {count:,} 個に達しています。さらに追加するには、いくつか削除してください。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>A digit id is 32 lowercase hexadecimal characters, not {value}.</source>
        <translation>数字の ID は小文字の 16 進数 32 文字でなければなりません。{value} は使えません。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The collection already holds a digit with id {digit_id}.</source>
        <translation>ID が {digit_id} の数字はすでにあります。</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>These {added:,} new digits do not fit: my digits holds {count:,} and can hold at most {limit:,}. Delete some first.</source>
        <translation>新しい {added:,} 個の数字は入りきりません。「自分の数字」には現在 {count:,} 個あり、最大 {limit:,} 個までしか保存できません。先にいくつか削除してください。</translation>
    </message>
    <message>
        <location line="+51"/>
        <source>A digit is a 28x28 image, not one of shape {shape}.</source>
        <translation>数字は 28x28 の画像でなければなりません。形状 {shape} の画像は使えません。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>A digit is an image of floats from 0 to 1 or of bytes (uint8), not of {dtype}.</source>
        <translation>数字の画像は 0～1 の浮動小数点数かバイト（uint8）でなければなりません。{dtype} は使えません。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The digit&apos;s image holds NaN or infinite values.</source>
        <translation>数字の画像に NaN または無限大の値が含まれています。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>A digit&apos;s label is a whole number from 0 to 9, not {value}.</source>
        <translation>数字のラベルは 0～9 の整数でなければなりません。{value} は使えません。</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>{path} cannot be saved: {reason}.</source>
        <translation>{path} を保存できません：{reason}。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>a folder of that name is in the way</source>
        <translation>同じ名前のフォルダーがあります</translation>
    </message>
    <message>
        <location line="+45"/>
        <source>{path} is not a DigitLab digits file: at {megabytes:,.1f} MB it is larger than a full collection of {limit:,} digits can be.</source>
        <translation>{path} は DigitLab の数字ファイルではありません：サイズが {megabytes:,.1f} MB あり、上限の {limit:,} 個まで数字を入れたファイルよりも大きくなっています。</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>{path} is not a DigitLab digits file: it has no format record.</source>
        <translation>{path} は DigitLab の数字ファイルではありません：形式情報がありません。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{path} is not a DigitLab digits file: it holds a part DigitLab does not know ({part}).</source>
        <translation>{path} は DigitLab の数字ファイルではありません：DigitLab の知らない部分（{part}）が含まれています。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{path} is not a DigitLab digits file: it has no {what}.</source>
        <translation>{path} は DigitLab の数字ファイルではありません：{what} がありません。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{path} is not a DigitLab digits file: its {what} are larger than a full collection&apos;s.</source>
        <translation>{path} は DigitLab の数字ファイルではありません：{what} が、上限まで数字を入れたファイルのものより大きくなっています。</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>{path} is not a DigitLab digits file: it holds Python objects, not plain arrays.</source>
        <translation>{path} は DigitLab の数字ファイルではありません：単純な配列ではなく、Python のオブジェクトが含まれています。</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>{path} is not a DigitLab digits file: it holds {count:,} digits, more than the {limit:,} a collection can hold.</source>
        <translation>{path} は DigitLab の数字ファイルではありません：数字が {count:,} 個あり、保存できる上限の {limit:,} 個を超えています。</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>{path} is damaged: it holds {labels:,} labels but {count:,} {what}.</source>
        <translation>{path} は壊れています：ラベルは {labels:,} 個ですが、{what} は {count:,} 個あります。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{path} is not a DigitLab digits file: its {what} are not in DigitLab&apos;s format.</source>
        <translation>{path} は DigitLab の数字ファイルではありません：{what} が DigitLab の形式になっていません。</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>{path} is not a DigitLab digits file: it holds data that are not images, labels or text.</source>
        <translation>{path} は DigitLab の数字ファイルではありません：画像、ラベル、テキストのいずれでもないデータが含まれています。</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>{path} is not a DigitLab digits file.</source>
        <translation>{path} は DigitLab の数字ファイルではありません。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{path} was made by a newer DigitLab (digits file version {version}; this version reads up to {newest}): update DigitLab to open it.</source>
        <translation>{path} は新しいバージョンの DigitLab で作られています（数字ファイルのバージョン {version}。このバージョンが読めるのは {newest} までです）。開くには DigitLab を更新してください。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>{path} is not a DigitLab digits file: its format record is damaged.</source>
        <translation>{path} は DigitLab の数字ファイルではありません：形式情報が壊れています。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{path} is damaged: its format record counts {counted} digits but it holds {count:,}.</source>
        <translation>{path} は壊れています：形式情報では数字は {counted} 個ですが、実際には {count:,} 個あります。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>{path} is damaged: a label is {label}, not a digit from 0 to 9.</source>
        <translation>{path} は壊れています：ラベル {label} は 0～9 の数字ではありません。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{path} is damaged: a digit id is not 32 lowercase hexadecimal characters ({digit_id}).</source>
        <translation>{path} は壊れています：小文字の 16 進数 32 文字になっていない数字の ID があります（{digit_id}）。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{path} is damaged: the digit id {digit_id} appears more than once.</source>
        <translation>{path} は壊れています：数字の ID {digit_id} が複数回出てきます。</translation>
    </message>
    <message>
        <location line="+89"/>
        <source>Fine-tuning on my digits needs a dataset of digits such as MNIST; {name} holds other classes.</source>
        <translation>自分の数字で微調整するには、MNIST のような数字のデータセットが必要です。{name} には数字以外のクラスが含まれています。</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>The number of MNIST images to mix in is a whole number from 0, not {value}.</source>
        <translation>混ぜる MNIST 画像の枚数は 0 以上の整数でなければなりません。{value} は使えません。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>My digits&apos; share of an epoch is a number above 0 and at most {most}, not {value}.</source>
        <translation>1 エポックに占める自分の数字の割合は、0 より大きく {most} 以下の数でなければなりません。{value} は使えません。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Add some digits first: you have none yet.</source>
        <translation>先に数字を追加してください。自分の数字はまだ 1 個もありません。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Add some digits first: none of your {count:,} digits is in the training part; {count:,} are held out.</source>
        <translation>先に数字を追加してください。{count:,} 個の数字はどれも学習用ではなく、{count:,} 個すべてが評価用です。</translation>
    </message>
    <message>
        <location filename="../engine/data/photo.py" line="+80"/>
        <source>no mark in the picture is large or dark enough to be a digit</source>
        <translation>写真の中に、数字と見なせるほど大きく濃い部分がありません</translation>
    </message>
    <message>
        <location filename="../engine/data/preprocess.py" line="+63"/>
        <source>canvas {height}x{width}: nothing drawn (no pixel above {threshold:g} of full ink)</source>
        <translation>キャンバス {height}x{width}：何も描かれていない（濃さが最大の {threshold:g} を超えるピクセルがない）</translation>
    </message>
    <message>
        <location filename="../engine/data/subsets.py" line="+47"/>
        <source>The training set has {count:,} images, fewer than the {size:,} asked for: training on all of them.</source>
        <translation>訓練データの画像は {count:,} 枚で、指定された {size:,} 枚より少ないため、すべての画像で学習します。</translation>
    </message>
    <message>
        <location filename="../engine/device.py" line="+66"/>
        <source>no usable NVIDIA driver ({error})</source>
        <translation>使える NVIDIA ドライバーがない（{error}）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>no NVIDIA GPU was found</source>
        <translation>NVIDIA GPU が見つからない</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>the NVIDIA GPU cannot be queried ({error})</source>
        <translation>NVIDIA GPU の情報を取得できない（{error}）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{name} does not run CuPy code ({error}); {hint}</source>
        <translation>{name} で CuPy のコードを実行できない（{error}）。{hint}</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>a 2x3 product gave a wrong result</source>
        <translation>2x3 の行列積が誤った結果になった</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>this DigitLab build is the CPU-only one (CuPy is not bundled); the GPU build is made with ./scripts/build --gpu</source>
        <translation>この DigitLab は CPU 専用版（CuPy を同梱していない）。GPU 版は ./scripts/build --gpu でビルドできる</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>CuPy is not installed: pip install &apos;.[gpu]&apos;; {hint}</source>
        <translation>CuPy がインストールされていない（pip install &apos;.[gpu]&apos; でインストールできる）。{hint}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>CuPy is installed but does not load ({error}); {hint}</source>
        <translation>CuPy はインストールされているが読み込めない（{error}）。{hint}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>cupy-cuda12x needs an NVIDIA driver for CUDA 12 (525 or newer); with a CUDA 13 driver install cupy-cuda13x instead</source>
        <translation>cupy-cuda12x には CUDA 12 用の NVIDIA ドライバー（525 以降）が必要で、CUDA 13 のドライバーでは代わりに cupy-cuda13x をインストールする</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>no GPU: {reason}</source>
        <translation>GPU を使えない：{reason}</translation>
    </message>
    <message>
        <location filename="../engine/files/fileio.py" line="-52"/>
        <source>a named pipe</source>
        <translation>名前付きパイプ</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+1"/>
        <source>a device</source>
        <translation>デバイス</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>a socket</source>
        <translation>ソケット</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>not a plain file</source>
        <translation>通常のファイル以外のもの</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>file</source>
        <translation>ファイル</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>DigitLab file</source>
        <translation>DigitLab ファイル</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>{path} does not exist.</source>
        <translation>{path} は存在しません。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>{path} is {what}, not {kind}: DigitLab reads only ordinary files.</source>
        <translation>{path} は{kind}ではなく{what}です：DigitLab は通常のファイルしか読み込みません。</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>{path} is a folder, not {kind}.</source>
        <translation>{path} は{kind}ではなくフォルダーです。</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>a {kind}</source>
        <translation>{kind}</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>{path} is too large for {kind} ({size:,} bytes; at most {limit:,}).</source>
        <translation>{path} は{kind}としては大きすぎます（{size:,} バイト。上限は {limit:,} バイトです）。</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>{path} is too large for {kind} (over {limit:,} bytes).</source>
        <translation>{path} は{kind}としては大きすぎます（{limit:,} バイトを超えています）。</translation>
    </message>
    <message>
        <location line="+79"/>
        <source>{path} is not a {kind}.</source>
        <translation>{path} は{kind}ではありません。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{path} is not a {kind}: {reason}.</source>
        <translation>{path} は{kind}ではありません：{reason}。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{path} is damaged: a part of it cannot be read.</source>
        <translation>{path} は破損しています：一部を読み取れません。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{path} is damaged: it cannot be opened as a {kind}.</source>
        <translation>{path} は破損しています：{kind}として開けません。</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>it holds a single array</source>
        <translation>単一の配列だけが入っています</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{path} is incomplete: the file ends early (was it copied completely?).</source>
        <translation>{path} は不完全です：ファイルが途中で終わっています（最後までコピーされましたか？）。</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>it is encrypted</source>
        <translation>暗号化されています</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>it is compressed in a way DigitLab does not read</source>
        <translation>DigitLab が読み込めない方式で圧縮されています</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{path} is too large for a {kind}: it unpacks to {unpacked}, more than DigitLab reads from a file of {stored}.</source>
        <translation>{path} は{kind}としては大きすぎます：展開すると {unpacked} になり、{stored} のファイルから DigitLab が読み込む量を超えます。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>it holds more than {limit:,} parts</source>
        <translation>{limit:,} 個を超える要素が含まれています</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>it has no DigitLab header</source>
        <translation>DigitLab のヘッダーがありません</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>its DigitLab header is damaged</source>
        <translation>DigitLab のヘッダーが破損しています</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>it holds files that are not arrays</source>
        <translation>配列でないファイルが含まれています</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>it holds Python objects, not plain arrays of numbers</source>
        <translation>数値の単純な配列ではなく、Python オブジェクトが含まれています</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>it holds data that are not numbers</source>
        <translation>数値でないデータが含まれています</translation>
    </message>
    <message>
        <location filename="../engine/files/images.py" line="+57"/>
        <source>PNG, JPEG, PGM/PPM/PBM, BMP, GIF, WebP, TIFF or NumPy .npy</source>
        <translation>PNG、JPEG、PGM/PPM/PBM、BMP、GIF、WebP、TIFF、NumPy .npy のいずれか</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>an image file</source>
        <translation>画像ファイル</translation>
    </message>
    <message>
        <location line="+65"/>
        <source>{path} is an empty image: it has no pixels.</source>
        <translation>{path} は空の画像です：ピクセルがありません。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>{path} is too large: DigitLab reads images of up to {megapixels} megapixels and {side:,} pixels a side.</source>
        <translation>{path} は大きすぎます：DigitLab が読み込める画像は {megapixels} メガピクセル、1 辺 {side:,} ピクセルまでです。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{path} is too large ({width}x{height} pixels): DigitLab reads images of up to {megapixels} megapixels and {side:,} pixels a side.</source>
        <translation>{path} は大きすぎます（{width}x{height} ピクセル）：DigitLab が読み込める画像は {megapixels} メガピクセル、1 辺 {side:,} ピクセルまでです。</translation>
    </message>
    <message>
        <location line="+90"/>
        <source>{path} is too large to decode: its {width}x{height} pixels would take {megabytes:,.0f} MB; save a smaller picture, or a JPEG.</source>
        <translation>{path} は大きすぎてデコードできません：{width}x{height} ピクセルを展開すると {megabytes:,.0f} MB が必要になります。もっと小さい画像か、JPEG で保存してください。</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>{path} needs more memory to decode than this computer has free.</source>
        <translation>{path} をデコードするには、このコンピューターの空きメモリが足りません。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>{path} is a damaged or truncated image file.</source>
        <translation>{path} は壊れているか途中で切れた画像ファイルです。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{path} is a damaged or truncated {format} file.</source>
        <translation>{path} は壊れているか途中で切れた {format} ファイルです。</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>{path} is a damaged or truncated {format} file: its header cannot be read.</source>
        <translation>{path} は壊れているか途中で切れた {format} ファイルです：ヘッダーを読み取れません。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{path} is a {format} file, which DigitLab cannot read: save the image as {supported}.</source>
        <translation>{path} は {format} ファイルで、DigitLab では読み込めません：画像を{supported}の形式で保存してください。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{path} is not an image DigitLab can read: save it as {supported}.</source>
        <translation>{path} は DigitLab が読み込める画像ではありません：{supported}の形式で保存してください。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>{path} holds 32-bit integer pixels, which DigitLab cannot read: values must lie in 0-65535.</source>
        <translation>{path} のピクセルは 32 ビット整数で、DigitLab では読み込めません：値は 0～65535 の範囲でなければなりません。</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>{path} holds 32-bit float pixels, which DigitLab cannot read.</source>
        <translation>{path} のピクセルは 32 ビット浮動小数点数で、DigitLab では読み込めません。</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>{path} is an image in a colour mode DigitLab cannot read.</source>
        <translation>{path} は DigitLab が読み込めないカラーモードの画像です。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{path} is a {format} image in a colour mode DigitLab cannot read.</source>
        <translation>{path} は DigitLab が読み込めないカラーモードの {format} 画像です。</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>{path} is a damaged .npy file.</source>
        <translation>{path} は破損した .npy ファイルです。</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>{path} is a damaged .npy file: its header cannot be read.</source>
        <translation>{path} は破損した .npy ファイルです：ヘッダーを読み取れません。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>{path} holds {dtype} values; an image needs numbers (bool, integer or float).</source>
        <translation>{path} には {dtype} の値が入っています：画像には数値（bool、整数、浮動小数点数）が必要です。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>{path} holds an array of shape {shape}; an image is (H, W) or (H, W, C) with C = 1 grey, 2 grey+alpha, 3 RGB or 4 RGBA.</source>
        <translation>{path} には形状 {shape} の配列が入っています：画像は (H, W) か (H, W, C) の形状で、C は 1 がグレー、2 がグレー＋アルファ、3 が RGB、4 が RGBA です。</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>{path} holds NaN or infinite values.</source>
        <translation>{path} に NaN か無限大の値が含まれています。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{path} holds float values outside [0, 1] (from {low:g} to {high:g}); divide 0-255 data by 255.</source>
        <translation>{path} に [0, 1] の範囲外の浮動小数点数が含まれています（{low:g} から {high:g} まで）。0～255 のデータは 255 で割ってください。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>{path} holds {dtype} values outside 0-{top} (from {low} to {high}).</source>
        <translation>{path} に 0～{top} の範囲外の {dtype} の値が含まれています（{low} から {high} まで）。</translation>
    </message>
    <message>
        <location filename="../engine/files/modelio.py" line="+54"/>
        <source>DigitLab model</source>
        <translation>DigitLab モデル</translation>
    </message>
    <message>
        <location line="+151"/>
        <source>{path} is not a DigitLab model.</source>
        <translation>{path} は DigitLab モデルではありません。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>its format_version must be a positive integer, not {value}</source>
        <translation>format_version は正の整数でなければならないが、{value} になっている</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{path} was made by a newer DigitLab (model format version {version}; this version reads up to {readable}): update DigitLab to open it.</source>
        <translation>{path} は新しいバージョンの DigitLab で作られています（モデル形式のバージョン {version}。このバージョンが読めるのは {readable} までです）。開くには DigitLab を更新してください。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&apos;{field}&apos; must be a JSON object</source>
        <translation>&apos;{field}&apos; は JSON オブジェクトでなければならない</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the header has no network &apos;config&apos;</source>
        <translation>ヘッダーにネットワークの &apos;config&apos; がない</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>{path} is not a usable DigitLab model: {problem}.</source>
        <translation>{path} は使える DigitLab モデルではありません：{problem}。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{field} has {count:,} entries; at most {limit:,}</source>
        <translation>{field} の項目が {count:,} 個ある（上限は {limit:,} 個）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{field} name</source>
        <translation>{field} の名前</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{field}[{key}] must be a number, not {value}</source>
        <translation>{field}[{key}] は数値でなければならないが、{value} になっている</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&apos;history&apos; must be a list of report objects</source>
        <translation>&apos;history&apos; はレポートのオブジェクトからなるリストでなければならない</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>its history has {count:,} rows; at most {limit:,}</source>
        <translation>学習の履歴が {count:,} 行ある（上限は {limit:,} 行）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>history[{index}] must be an object of numbers</source>
        <translation>history[{index}] は数値からなるオブジェクトでなければならない</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>the dataset name</source>
        <translation>データセット名</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>dataset &apos;classes&apos; must be a list of strings</source>
        <translation>データセットの &apos;classes&apos; は文字列のリストでなければならない</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>it names {count:,} classes; at most {limit:,}</source>
        <translation>クラスが {count:,} 個ある（上限は {limit:,} 個）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>a class name</source>
        <translation>クラス名</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>{field} must be a string</source>
        <translation>{field}は文字列でなければならない</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{field} is {count:,} characters long; at most {limit}</source>
        <translation>{field}が {count:,} 文字ある（上限は {limit} 文字）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{field} {text} holds control characters</source>
        <translation>{field} {text} に制御文字が含まれている</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>its normalization scale must be a positive number, not {value}</source>
        <translation>正規化の scale は正の数でなければならないが、{value} になっている</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>its {field} must be a list of 1 to 4 positive integers, not {value}</source>
        <translation>{field} は 1～4 個の正の整数からなるリストでなければならないが、{value} になっている</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>its {field} {value} has more than {limit:,} values per input</source>
        <translation>{field} {value} は入力 1 件あたりの値が {limit:,} 個を超えている</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>its network needs {needed:,} numbers but the file stores only {stored:,}</source>
        <translation>ネットワークには {needed:,} 個の数値が必要だが、ファイルには {stored:,} 個しか保存されていない</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>its network cannot be built</source>
        <translation>ネットワークを組み立てられない</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>arrays are missing for its network: {names}</source>
        <translation>ネットワークに必要な配列がない：{names}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>it holds arrays its network does not use: {names}</source>
        <translation>ネットワークが使わない配列が含まれている：{names}</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>{names} and {count} more</source>
        <translation>{names} ほか {count} 個</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>array {name} has dtype {dtype}; model arrays must be float32 or float64</source>
        <translation>配列 {name} の dtype が {dtype} になっている（モデルの配列は float32 か float64 でなければならない）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>array {name} is {dtype} but the config says {needed}</source>
        <translation>配列 {name} は {dtype} だが、設定では {needed} になっている</translation>
    </message>
    <message>
        <location line="+3"/>
        <location filename="../engine/nn/network.py" line="+171"/>
        <source>array {name} has shape {shape}, the network needs {needed}</source>
        <translation>配列 {name} の形状は {shape} だが、ネットワークには {needed} が必要</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>array {name} contains NaN or infinity</source>
        <translation>配列 {name} に NaN か無限大が含まれている</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>array {name} (a variance) has negative values</source>
        <translation>配列 {name}（分散）に負の値が含まれている</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>its layers do not fit together</source>
        <translation>層どうしの形状がかみ合わない</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>its network&apos;s output has shape {shape}, expected one row of scores</source>
        <translation>ネットワークの出力の形状が {shape} で、スコア 1 行になっていない</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>its network produces NaN or infinite outputs</source>
        <translation>ネットワークの出力に NaN か無限大が含まれる</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>the dataset names {count} classes but the network has {outputs} outputs</source>
        <translation>データセットのクラスは {count} 個だが、ネットワークの出力は {outputs} 個</translation>
    </message>
    <message>
        <location filename="../engine/files/onnx_export.py" line="+83"/>
        <source>Exporting as ONNX needs the onnx package, which this installation does not have (pip install onnx).</source>
        <translation>ONNX 形式で書き出すには onnx パッケージが必要ですが、このインストール環境にはありません（pip install onnx）。</translation>
    </message>
    <message>
        <location line="+40"/>
        <source>layer {index} ({layer}) reads images that no ChannelsLast layer put channels last</source>
        <translation>層 {index}（{layer}）は、ChannelsLast 層でチャンネルを最後に並べ替えていない画像を読み込んでいます</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>layer {index} ({layer}) has no ONNX form here</source>
        <translation>層 {index}（{layer}）は、ここでは ONNX の形式に変換できません</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>layer {index} (BatchNormalization) normalises each pixel of an image separately, which this exporter does not support</source>
        <translation>層 {index}（BatchNormalization）は画像のピクセルごとに別々に正規化しますが、このエクスポーターはそれに対応していません</translation>
    </message>
    <message>
        <location filename="../engine/inference.py" line="+40"/>
        <source>predict_digit needs a classifier (SoftmaxWithLoss), not a regression model</source>
        <translation>predict_digit には、回帰のモデルではなく分類のモデル（SoftmaxWithLoss）が必要です</translation>
    </message>
    <message>
        <location line="+74"/>
        <source>the model has {outputs} outputs but the labels go up to {label}: it was not trained on this dataset</source>
        <translation>モデルの出力は {outputs} 個ですが、ラベルは {label} まであります：このデータセットで学習したモデルではありません</translation>
    </message>
    <message>
        <location filename="../engine/inspect.py" line="+64"/>
        <source>the network takes batches shaped (N, {sizes}), got {shape}</source>
        <translation>ネットワークが受け取るバッチの形状は (N, {sizes}) ですが、{shape} が渡されました</translation>
    </message>
    <message>
        <location filename="../engine/lessons/layer_lab.py" line="+156"/>
        <source>the upstream gradient has shape {shape}, the output {expected}</source>
        <translation>上流から来た勾配の形状は {shape} ですが、出力の形状は {expected} です</translation>
    </message>
    <message>
        <location line="+89"/>
        <source>x has {columns} columns but W has {rows} rows: x @ W needs them equal</source>
        <translation>x の列数は {columns} ですが、W の行数は {rows} です：x @ W ではこの 2 つが等しくなければなりません</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>b has shape {shape} but W has {columns} columns: b needs (1, {columns})</source>
        <translation>b の形状は {shape} ですが、W の列数は {columns} です：b は (1, {columns}) でなければなりません</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>t has {labels} labels but x has {rows} rows: one label per row</source>
        <translation>t のラベルは {labels} 個ですが、x の行数は {rows} です：1 行に 1 つのラベルが必要です</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>t row {row}: {label:g} is not a class 0 .. {last} of x&apos;s {classes} columns</source>
        <translation>t の {row} 行目：{label:g} は、x の {classes} 列に対応するクラス 0 .. {last} のどれでもありません</translation>
    </message>
    <message>
        <location filename="../engine/lessons/source.py" line="+55"/>
        <source>the source of {name} is not in this copy of DigitLab</source>
        <translation>{name} のソースコードが、この DigitLab に含まれていない</translation>
    </message>
    <message>
        <location filename="../engine/nn/network.py" line="-4"/>
        <source>arrays do not match the network: missing {missing}, unexpected {extra}</source>
        <translation>配列がネットワークと一致しない：不足 {missing}、余分 {extra}</translation>
    </message>
    <message>
        <location line="+78"/>
        <location line="+175"/>
        <source>layer {index}: unknown layer type {kind}</source>
        <translation>層 {index}：不明な層の種類 {kind}</translation>
    </message>
    <message>
        <location line="-146"/>
        <source>init must be &apos;he&apos;, &apos;xavier&apos; or a positive number up to {most:g}, got {init}</source>
        <translation>init は &apos;he&apos;、&apos;xavier&apos;、または {most:g} 以下の正の数でなければならないが、{init} になっている</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>loss must be one of {choices}, got {spec}</source>
        <translation>損失関数（loss）は {choices} のいずれかでなければならないが、{spec} になっている</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>loss {kind}: {reason}</source>
        <translation>損失関数 {kind}：{reason}</translation>
    </message>
    <message>
        <location line="+93"/>
        <source>a network config must be a dict</source>
        <translation>ネットワークの設定は dict でなければならない</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>dtype must be float32 or float64, got {dtype}</source>
        <translation>dtype は float32 か float64 でなければならないが、{dtype} になっている</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>seed must be a whole number from 0 to 2**64 - 1, got {seed}</source>
        <translation>seed は 0～2**64 - 1 の整数でなければならないが、{seed} になっている</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Seed must be a whole number from 0 to 2**64 - 1, got {seed}.</source>
        <translation>シードは 0～2**64 - 1 の整数で指定してください（指定値：{seed}）。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>config[&apos;layers&apos;] must be a non-empty list</source>
        <translation>config[&apos;layers&apos;] は空でないリストでなければならない</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the network has {count:,} layers; DigitLab builds at most {limit}</source>
        <translation>ネットワークの層が {count:,} 個あり、DigitLab で組み立てられる上限 {limit} 個を超えている</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>input_shape must be a list of 1 to 4 positive sizes, got {shape}</source>
        <translation>input_shape は 1～4 個の正のサイズからなるリストでなければならないが、{shape} になっている</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>input_shape {shape} has {count:,} values per example; DigitLab takes at most {limit:,}</source>
        <translation>input_shape {shape} は入力 1 件あたりの値が {count:,} 個で、DigitLab で扱える上限 {limit:,} を超えている</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>layer {index}: each layer must be a dict with a &apos;type&apos;</source>
        <translation>層 {index}：各層は &apos;type&apos; を持つ dict でなければならない</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>layer {index} ({kind}): its input is {dims} per example: {reason}</source>
        <translation>層 {index}（{kind}、入力の形状は 1 件あたり {dims}）：{reason}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Layer {index} ({kind}): its input is {dims} per example: {reason}.</source>
        <translation>層 {index}（{kind}、入力の形状は 1 件あたり {dims}）：{reason}。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>layer {index} ({kind}): {reason}</source>
        <translation>層 {index}（{kind}）：{reason}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Layer {index} ({kind}): {reason}.</source>
        <translation>層 {index}（{kind}）：{reason}。</translation>
    </message>
    <message>
        <location line="+4"/>
        <location filename="../engine/training/snapshots.py" line="+166"/>
        <location line="+1"/>
        <source>weights</source>
        <translation>重みの数</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>values per example in its layers</source>
        <translation>入力 1 件あたりの各層の値の数</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>multiply-adds per example</source>
        <translation>入力 1 件あたりの積和演算の数</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>the network is too large: it has {count} {what}, and DigitLab allows at most {limit:,}</source>
        <translation>ネットワークが大きすぎる：{what}が {count} で、DigitLab の上限 {limit:,} を超えている</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The network is too large: it has {count} {what}, and DigitLab allows at most {limit:,}.</source>
        <translation>ネットワークが大きすぎます。{what}が {count} ですが、DigitLab で扱えるのは {limit:,} までです。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Affine takes {inputs} inputs per example, got {got}</source>
        <translation>Affine は入力 1 件あたり {inputs} 個の値を受け取るが、{got} 個になっている</translation>
    </message>
    <message>
        <location line="+42"/>
        <source>momentum must be a number from 0 to 1, got {momentum}</source>
        <translation>momentum は 0～1 の数値でなければならないが、{momentum} になっている</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>BatchNormalization has {size} features, but its input has {features} per example and {channels} channels</source>
        <translation>BatchNormalization の特徴量は {size} 個だが、入力は 1 件あたり {features} 個の値で、チャンネルは {channels} 個</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>dropout ratio must be in [0, 1), got {ratio}</source>
        <translation>ドロップアウトの比率（ratio）は [0, 1) の範囲でなければならないが、{ratio} になっている</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>ChannelsLast expects images (C, H, W)</source>
        <translation>ChannelsLast の入力は画像 (C, H, W) でなければならない</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>{layer} expects channels-last images (H, W, C); put a ChannelsLast layer before the first image layer</source>
        <translation>{layer} はチャンネルを最後に置いた画像 (H, W, C) を入力とするので、最初の画像用の層の前に ChannelsLast 層を置く必要がある</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{layer} has filters for {channels} channel(s), but its input has {got}</source>
        <translation>{layer} のフィルターは {channels} チャンネル用だが、入力は {got} チャンネル</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>a {size}x{size} window does not fit in {height}x{width} images (padding {pad})</source>
        <translation>{size}x{size} のウィンドウが {height}x{width} の画像に収まらない（パディング {pad}）</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>the layer needs {key}</source>
        <translation>この層には {key} が必要</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{key} must be {kind}, got {value}</source>
        <translation>{key} は{kind}でなければならないが、{value} になっている</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>a whole number from {low} to {high}</source>
        <translation>整数（{low}～{high}）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>a positive whole number</source>
        <translation>正の整数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a whole number of at least {low}</source>
        <translation>整数（{low} 以上）</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>bias must be true or false, got {bias}</source>
        <translation>bias は true か false でなければならないが、{bias} になっている</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>about {mantissa:.1f} x 10^{exponent}</source>
        <translation>約 {mantissa:.1f} × 10^{exponent}</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>-{count}</source>
        <translation>-{count}</translation>
    </message>
    <message>
        <location filename="../engine/nn/optimizers.py" line="+292"/>
        <source>unknown optimizer {name}; choose one of {choices}</source>
        <translation>最適化手法 {name} はありません：{choices} のいずれかを選んでください</translation>
    </message>
    <message>
        <location filename="../engine/tools/system_info.py" line="+23"/>
        <source>unknown</source>
        <translation>不明</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>{usable} usable of {logical}</source>
        <translation>{logical} 個中 {usable} 個が使用可能</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>not installed</source>
        <translation>未インストール</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{name}: {value}</source>
        <translation>{name}：{value}</translation>
    </message>
    <message>
        <location line="+95"/>
        <source>unknown ({error})</source>
        <translation>不明（{error}）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>runtime {runtime}, driver {driver}</source>
        <translation>ランタイム {runtime}、ドライバー {driver}</translation>
    </message>
    <message>
        <location filename="../engine/training/extensions/checkpoints.py" line="+43"/>
        <source>could not write snapshot {path}: {reason}; training goes on without snapshots.</source>
        <translation>スナップショット {path} を書き込めませんでした：{reason}。スナップショットなしで学習を続けます。</translation>
    </message>
    <message>
        <location filename="../engine/training/hyperparameters.py" line="+21"/>
        <source>The learning rate</source>
        <translation>学習率</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The learning rate must be greater than 0, not {lr}.</source>
        <translation>学習率には 0 より大きい値を指定してください（指定された値：{lr}）。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The learning-rate decay</source>
        <translation>学習率の減衰</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The learning-rate decay must be above 0 and at most 1, not {decay}.</source>
        <translation>学習率の減衰には 0 より大きく 1 以下の値を指定してください（指定された値：{decay}）。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The weight decay</source>
        <translation>荷重減衰</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The weight decay must be 0 or more, not {decay}.</source>
        <translation>荷重減衰には 0 以上の値を指定してください（指定された値：{decay}）。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>{what} must be a number, not {value}.</source>
        <translation>{what}には数値を指定してください（指定された値：{value}）。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{what} must be a finite number, not {value}.</source>
        <translation>{what}には有限の数値を指定してください（指定された値：{value}）。</translation>
    </message>
    <message>
        <location filename="../engine/training/plan.py" line="+100"/>
        <source>learning rate must be a positive number, got {lr}</source>
        <translation>学習率は正の数でなければなりませんが、{lr} が指定されました</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>batch size must be at least 1, got {size}</source>
        <translation>バッチサイズは 1 以上でなければなりませんが、{size} が指定されました</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>train for a number of epochs or of iterations (one of them)</source>
        <translation>学習の長さは、エポック数かイテレーション数のどちらか一方で指定してください</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>elastic distortion is part of augmentation: turn augmentation on too</source>
        <translation>弾性変形はデータ拡張の一部です：データ拡張もオンにしてください</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>lr_decay must be in (0, 1], got {decay}</source>
        <translation>lr_decay は (0, 1] の範囲でなければなりませんが、{decay} が指定されました</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>lr_schedule must be {linear} or None, got {schedule}</source>
        <translation>lr_schedule は {linear} か None でなければなりませんが、{schedule} が指定されました</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>train for at least 1 epoch, got {length}</source>
        <translation>学習するエポック数は 1 以上でなければなりませんが、{length} が指定されました</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>train for at least 1 iteration, got {length}</source>
        <translation>学習するイテレーション数は 1 以上でなければなりませんが、{length} が指定されました</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>a training subset is a number of images, at least 1, got {subset}</source>
        <translation>訓練に使う画像の枚数は 1 以上でなければなりませんが、{subset} が指定されました</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>label noise is the share of labels changed, from 0 up to (not including) 1, got {noise}</source>
        <translation>ラベルノイズは変更するラベルの割合で、0 以上 1 未満でなければなりませんが、{noise} が指定されました</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Training this network with batches of {batch:,} needs about {needed} of memory, more than the {allowed} DigitLab allows {where}: choose fewer or smaller layers, or a smaller batch.</source>
        <translation>このネットワークをバッチサイズ {batch:,} で学習するには約 {needed} のメモリが必要で、DigitLab が{where}使える上限の {allowed} を超えています。層を減らすか小さくするか、バッチサイズを小さくしてください。</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>on this computer</source>
        <translation>このコンピューターで</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>for training</source>
        <translation>学習用に</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>the training set is empty ({count} images)</source>
        <translation>訓練データが空です（{count} 枚）</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>every hidden layer needs at least one neuron, got {sizes}</source>
        <translation>隠れ層にはそれぞれ 1 つ以上のニューロンが必要ですが、{sizes} が指定されました</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>they are not training settings DigitLab knows</source>
        <translation>DigitLab の知らない学習設定が含まれています</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>they are not settings DigitLab can train ({reason})</source>
        <translation>DigitLab で学習できる設定ではありません（{reason}）</translation>
    </message>
    <message>
        <location filename="../engine/training/presets.py" line="+32"/>
        <source>activation must be one of {choices}, got {activation}</source>
        <translation>activation は {choices} のいずれかでなければならないが、{activation} になっている</translation>
    </message>
    <message>
        <location line="+107"/>
        <source>{names}: only the MLP presets take these; preset {preset} is a fixed convolutional network</source>
        <translation>{names}：これらは MLP のプリセットでしか指定できない（プリセット {preset} は構成の決まった畳み込みネットワーク）</translation>
    </message>
    <message>
        <location line="+63"/>
        <source>unknown preset {name}; choose one of {choices}</source>
        <translation>{name} というプリセットはない（{choices} から選べる）</translation>
    </message>
    <message>
        <location filename="../engine/training/resume.py" line="+80"/>
        <source>no free folder name for a run under {folder}</source>
        <translation>{folder} に実行用の空きフォルダー名がない</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>The unfinished run in {folder} cannot be resumed: its {name} is too large to be one.</source>
        <translation>{folder} の未完了の実行は再開できません：{name} が大きすぎるため、再開用の記録とは考えられません。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The unfinished run in {folder} cannot be resumed: its {name} is damaged.</source>
        <translation>{folder} の未完了の実行は再開できません：{name} が壊れています。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The unfinished run in {folder} cannot be resumed: its {name} is not one DigitLab wrote.</source>
        <translation>{folder} の未完了の実行は再開できません：{name} は DigitLab が書いたものではありません。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The unfinished run in {folder} cannot be resumed: its dataset folder is not a folder name.</source>
        <translation>{folder} の未完了の実行は再開できません：記録されたデータセットのフォルダーが、フォルダー名になっていません。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The unfinished run in {folder} cannot be resumed: its settings are not ones DigitLab can train ({reason}).</source>
        <translation>{folder} の未完了の実行は再開できません：設定が DigitLab で学習できるものではありません（{reason}）。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The unfinished run in {folder} cannot be resumed: {reason}</source>
        <translation>{folder} の未完了の実行は再開できません：{reason}</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The unfinished run in {folder} cannot be resumed: its snapshot does not say how far it got.</source>
        <translation>{folder} の未完了の実行は再開できません：スナップショットに、どこまで進んだかが記録されていません。</translation>
    </message>
    <message>
        <location filename="../engine/training/run_store.py" line="-238"/>
        <source>The run could not be kept: {folder} is a file, not a folder.</source>
        <translation>実行を保存できませんでした：{folder} はフォルダーではなくファイルです。</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>The run could not be kept in {folder}: its model cannot be saved as a DigitLab model file.</source>
        <translation>実行を {folder} に保存できませんでした：モデルを DigitLab のモデルファイルとして保存できません。</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>The run could not be kept in {folder}: {reason}; free some space or delete old runs.</source>
        <translation>実行を {folder} に保存できませんでした：{reason}。空き容量を増やすか、古い実行を削除してください。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The run could not be kept in {folder}: a part of its path is a file, not a folder.</source>
        <translation>実行を {folder} に保存できませんでした：パスの一部がフォルダーではなくファイルです。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The run could not be kept in {folder}: {reason}.</source>
        <translation>実行を {folder} に保存できませんでした：{reason}。</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>The runs cannot be listed: {folder} is a file, not a folder.</source>
        <translation>実行の一覧を表示できません：{folder} はフォルダーではなくファイルです。</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>The run in {folder} is not listed: its {name} {problem}.</source>
        <translation>{folder} の実行は一覧に表示されません：{name} は{problem}。</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>{folder} was not deleted: it is not a run of {store}.</source>
        <translation>{folder} は削除しませんでした：{store} に保存された実行ではありません。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The run in {folder} could not be deleted: {reason}.</source>
        <translation>{folder} の実行を削除できませんでした：{reason}。</translation>
    </message>
    <message>
        <location line="+99"/>
        <source>is too large (over {limit} MB)</source>
        <translation>大きすぎます（{limit} MB 超）</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>is not a plain file</source>
        <translation>通常のファイルではありません</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>is too large ({size:,.1f} MB; a run record is at most {limit} MB)</source>
        <translation>大きすぎます（{size:,.1f} MB。実行の記録は最大 {limit} MB です）</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>is not valid JSON</source>
        <translation>正しい JSON ではありません</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>is not a JSON object</source>
        <translation>JSON オブジェクトではありません</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>has no valid &quot;format&quot;</source>
        <translation>有効な &quot;format&quot; を含んでいません</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>was written by a newer DigitLab (format {format}; this version reads {own})</source>
        <translation>新しいバージョンの DigitLab で書かれています（形式 {format}。このバージョンが読めるのは {own} です）</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>has no &quot;{name}&quot;</source>
        <translation>&quot;{name}&quot; を含んでいません</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>has a &quot;{name}&quot; that is not {what}</source>
        <translation>&quot;{name}&quot; の値が{what}ではありません</translation>
    </message>
    <message>
        <location line="+70"/>
        <location line="+8"/>
        <source>a short text</source>
        <translation>短いテキスト</translation>
    </message>
    <message>
        <location line="-7"/>
        <source>a date and time like 2026-11-30T14:05:12</source>
        <translation>2026-11-30T14:05:12 のような日時</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a number of seconds</source>
        <translation>秒数</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+1"/>
        <source>an accuracy from 0 to 1</source>
        <translation>0～1 の精度</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a table of plain settings</source>
        <translation>単純な設定の表</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a list of log entries of numbers</source>
        <translation>数値からなるログ項目のリスト</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a list of plain changes</source>
        <translation>単純な変更のリスト</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a table of numbers</source>
        <translation>数値の表</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a plain .npz file name</source>
        <translation>フォルダーを含まない単純な .npz ファイル名</translation>
    </message>
    <message>
        <location line="+107"/>
        <source>The log could not be written to {path}: {reason}.</source>
        <translation>ログを {path} に書き込めませんでした：{reason}。</translation>
    </message>
    <message>
        <location filename="../engine/training/runs.py" line="+154"/>
        <source>GPU not used: {reason}. Training on the CPU.</source>
        <translation>GPU を使えません：{reason}。CPU で学習します。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>{failure} while the data was moved there. Training on the CPU.</source>
        <translation>データを GPU に移している間に、{failure}。CPU で学習します。</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>These settings describe another network than the model to continue: choose the model&apos;s own preset and layers.</source>
        <translation>この設定は、続きを学習するモデルとは別のネットワークを表しています。そのモデル自身のプリセットと層を選んでください。</translation>
    </message>
    <message>
        <location line="+102"/>
        <source>{failure}. Training goes on on the CPU from iteration {iteration} (epoch {epoch}); nothing before that is lost.</source>
        <translation>{failure}。イテレーション {iteration}（エポック {epoch}）から CPU で学習を続けます。それまでの学習結果は失われません。</translation>
    </message>
    <message>
        <location filename="../engine/device.py" line="+51"/>
        <source>The GPU ran out of memory ({error})</source>
        <translation>GPU のメモリが不足しました（{error}）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The GPU failed ({kind}: {error})</source>
        <translation>GPU でエラーが発生しました（{kind}：{error}）</translation>
    </message>
    <message>
        <location filename="../engine/training/runs.py" line="+154"/>
        <source>{path} is a folder: give the file a name, such as {example}.</source>
        <translation>{path} はフォルダーです。{example} のように、ファイル名を指定してください。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>{folder} is a file, not a folder.</source>
        <translation>{folder} はフォルダーではなくファイルです。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>{folder} cannot be written: {reason}.</source>
        <translation>{folder} に書き込めません：{reason}。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{folder} has only {free} free and {what} needs about {needed}: free some space or save somewhere else.</source>
        <translation>{folder} の空き容量は {free} しかありませんが、{what} には約 {needed} 必要です。空き容量を増やすか、別の場所に保存してください。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>the file</source>
        <translation>ファイル</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>the current folder ({path})</source>
        <translation>現在のフォルダー（{path}）</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>could not save the model to {path}: {reason}</source>
        <translation>モデルを {path} に保存できませんでした（{reason}）</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>{folder} ({reason})</source>
        <translation>{folder}（{reason}）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{failure}; it was saved to {rescued} instead.</source>
        <translation>{failure}。代わりに {rescued} に保存しました。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{failure}, nor to {places}: the trained model could not be kept.</source>
        <translation>{failure}。{places} にも保存できなかったため、学習したモデルを残せませんでした。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>any other folder</source>
        <translation>ほかのどのフォルダー</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{places} or {place}</source>
        <translation>{places}、{place}</translation>
    </message>
    <message>
        <location filename="../engine/training/snapshots.py" line="-143"/>
        <source>training snapshot</source>
        <translation>学習のスナップショット</translation>
    </message>
    <message>
        <location line="+108"/>
        <source>{path} does not fit this training run.</source>
        <translation>{path} は、この学習の実行には使えません。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>{path} is damaged: its {part} cannot be used.</source>
        <translation>{path} は壊れています：{part} を使えません。</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>dropout random state</source>
        <translation>ドロップアウトの乱数の状態</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>{path} is a saved model, not a training snapshot: resume from a snapshot that a training run wrote.</source>
        <translation>{path} は保存したモデルで、学習のスナップショットではありません。学習の実行が書き出したスナップショットから再開してください。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{path} is not a training snapshot.</source>
        <translation>{path} は学習のスナップショットではありません。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{path} was written by another DigitLab (snapshot version {version}; this one reads version {own}).</source>
        <translation>{path} は別の DigitLab で書き出されています（スナップショットのバージョン {version}。この DigitLab が読めるのはバージョン {own} です）。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{path} is not a complete training snapshot.</source>
        <translation>{path} は学習のスナップショットとして不完全です。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>{path} is a snapshot of a different network: resume with the same network settings as the run that wrote it.</source>
        <translation>{path} は別のネットワークのスナップショットです。書き出した実行と同じネットワーク設定で再開してください。</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>{path} holds {what} that are not finite numbers (NaN or infinity), so training cannot go on from it.</source>
        <translation>{path} の {what} に有限でない数値（NaN または無限大）が含まれているため、ここから学習を続けることはできません。</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>optimizer</source>
        <translation>最適化手法</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{path} was written by a run with optimizer {saved}, not {own}: resume with the same optimizer.</source>
        <translation>{path} は最適化手法 {saved} を使った実行が書き出したものです（現在は {own}）。同じ最適化手法で再開してください。</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+5"/>
        <source>optimizer state</source>
        <translation>最適化手法の状態</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>optimizer values</source>
        <translation>最適化手法の内部値</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>training position</source>
        <translation>学習の進行位置</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>{path} was written by a run with batch size {saved}, not {own}: resume with the same batch size.</source>
        <translation>{path} はバッチサイズ {saved} の実行が書き出したものです（現在は {own}）。同じバッチサイズで再開してください。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{path} was written by a run on {saved} training images, not {own}: resume with the same dataset.</source>
        <translation>{path} は訓練画像 {saved} 枚での実行が書き出したものです（現在は {own} 枚）。同じデータセットで再開してください。</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>{path} lacks the state of this run&apos;s {name}, so the run cannot go on from it.</source>
        <translation>{path} にはこの実行の {name} の状態がないため、ここから学習を続けることはできません。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{name} state</source>
        <translation>{name} の状態</translation>
    </message>
    <message>
        <location line="+48"/>
        <source>training log</source>
        <translation>学習のログ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>learning-rate schedule</source>
        <translation>学習率のスケジュール</translation>
    </message>
    <message>
        <location line="+72"/>
        <source>the trainer was at iteration {trainer} but its iterator at {iterator}</source>
        <translation>Trainer はイテレーション {trainer} にありますが、イテレータは {iterator} にあります</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>the snapshot has no state for extension {name}</source>
        <translation>スナップショットに拡張機能 {name} の状態がありません</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>dropout layers {saved} in the snapshot, {built} in the network</source>
        <translation>ドロップアウト層がスナップショットでは {saved}、ネットワークでは {built} です</translation>
    </message>
    <message>
        <location filename="../gui/workers.py" line="+529"/>
        <source>{0}: {1}</source>
        <translation>{0}：{1}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{0}: not enough memory for this network and batch size; try smaller ones.</source>
        <translation>{0}：このネットワークとバッチサイズではメモリが足りません。もっと小さい値を試してください。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{0} because of a bug ({1}: {2}). Details were printed to the terminal; please report them.</source>
        <translation>{0}（プログラムの不具合が原因です：{1}: {2}）。詳細をターミナルに出力しましたので、報告をお願いします。</translation>
    </message>
</context>
<context>
    <name>AboutDialog</name>
    <message>
        <location filename="../gui/help.py" line="+221"/>
        <source>About DigitLab</source>
        <translation>DigitLab について</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&lt;h3&gt;DigitLab {0}&lt;/h3&gt;&lt;p&gt;Draw a digit and watch a neural network written from scratch in NumPy read it; train it on MNIST and watch it learn.&lt;/p&gt;&lt;p&gt;The MNIST database of handwritten digits is by Yann LeCun, Corinna Cortes and Christopher J.C. Burges, used under the &lt;a href=&apos;https://creativecommons.org/licenses/by-sa/3.0/&apos;&gt;CC BY-SA 3.0 licence&lt;/a&gt;.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;DigitLab {0}&lt;/h3&gt;&lt;p&gt;数字を描くと、NumPy でゼロから作ったニューラルネットワークがそれを読み取ります。MNIST で学習させれば、学習していく様子を観察できます。&lt;/p&gt;&lt;p&gt;手書き数字の MNIST データベースは Yann LeCun、Corinna Cortes、Christopher J.C. Burges によるもので、&lt;a href=&apos;https://creativecommons.org/licenses/by-sa/3.0/&apos;&gt;CC BY-SA 3.0 ライセンス&lt;/a&gt;のもとで使用しています。&lt;/p&gt;</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>This computer (copy it into a bug report):</source>
        <translation>このコンピューター（バグ報告に貼り付けてください）：</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Looking up this computer…</source>
        <translation>このコンピューターの情報を調べています…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Copy to clipboard</source>
        <translation>クリップボードにコピー(&amp;C)</translation>
    </message>
</context>
<context>
    <name>AccuracyPlot</name>
    <message>
        <location filename="../gui/plots.py" line="+516"/>
        <source>Accuracy per epoch</source>
        <translation>エポックごとの精度</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Percentage of digits read correctly. Train: the average over the batches of each epoch, measured while the network was still learning, so early in a run it can sit below test. Test: digits the network never trains on, the whole test set after each epoch (symbols) and a check on 1,000 of its images more often (thin line). Test far below train means the network memorises instead of learning.</source>
        <translation>正しく読み取れた数字の割合です。訓練：各エポックのバッチでの平均です。ネットワークがまだ学習している最中に測るため、実行の初めのうちはテストより低くなることがあります。テスト：ネットワークが学習に使わない数字です。各エポックの後にテストデータ全体で測り（記号）、それより頻繁にそのうち 1,000 枚で確認します（細線）。テストが訓練よりずっと低いときは、ネットワークが学習せずに丸暗記しています（過学習）。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>accuracy (%)</source>
        <translation>精度 (%)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>epoch</source>
        <translation>エポック</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>train</source>
        <translation>訓練</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>test</source>
        <translation>テスト</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>test (1,000-image check)</source>
        <translation>テスト（1,000 枚で確認）</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Press F5 to train: the accuracy on training and test digits appears here.</source>
        <translation>F5 を押して学習させると、訓練データとテストデータでの精度がここに表示されます。</translation>
    </message>
</context>
<context>
    <name>AnswerView</name>
    <message>
        <location filename="../gui/prediction_view.py" line="+265"/>
        <source>Prediction</source>
        <translation>予測</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>It always picks a digit, even for a scribble.</source>
        <translation>常に数字を答えます。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The class with the highest probability. The network has one output per digit and softmax makes them add up to 100%, so it always names one of the ten digits, even for a scribble, a letter or a dash: a high percentage does not mean that the drawing is a digit.</source>
        <translation>確率が最も高いクラスです。ネットワークは数字ごとに 1 つの出力を持ち、ソフトマックスでその合計が 100% になるため、落書きや文字、ダッシュであっても必ず 10 個の数字のどれかを答えます。パーセントが高くても、描いたものが数字だとは限りません。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>It always picks one of its {count} classes, even for a scribble.</source>
        <translation>落書きでも {count} クラスのどれかを答えます。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The class with the highest probability. The network has one output per class and softmax makes them add up to 100%, so it always names one of its {count} classes, even for a scribble: a high percentage does not mean that the drawing is one of them.</source>
        <translation>確率が最も高いクラスです。ネットワークはクラスごとに 1 つの出力を持ち、ソフトマックスでその合計が 100% になるため、落書きであっても必ず {count} 個のクラスのどれかを答えます。パーセントが高くても、描いたものがそのどれかだとは限りません。</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Draw a digit</source>
        <translation>数字を描く</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>most likely</source>
        <translation>おそらく</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{probability} probability</source>
        <translation>確率 {probability}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>most likely {answer}, {probability} probability</source>
        <translation>おそらく {answer}、確率 {probability}</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>not sure:</source>
        <translation>自信なし：</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{first} or {second}?</source>
        <translation>{first} か {second}？</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{probability} probability, below {threshold}</source>
        <translation>確率 {probability}（{threshold} 未満）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>not sure: {first} or {second}? {probability} probability</source>
        <translation>自信なし：{first} か {second}？ 確率 {probability}</translation>
    </message>
</context>
<context>
    <name>BookCheckLesson</name>
    <message>
        <location filename="../gui/pages/learn/book_check.py" line="+52"/>
        <source>The book checks its network by reading the test images one at a time and counting the right answers. Its readers print each one as the label, then the network&apos;s answer, then o if they agree and x if not: 7 == 7: o. Here the model on screen reads the first test images, each line beside its image; the wrong ones are red. The command line prints the same lines: python -m engine eval MODEL --list N.</source>
        <translation>本では、テスト画像を 1 枚ずつ読ませて正解の数を数えることで、ネットワークを確認します。読者は 1 枚ごとに、ラベル、ネットワークの答え、そして一致すれば o、違えば x を表示します（7 == 7: o）。ここでは画面のモデルが最初のテスト画像を読み、各行を画像と並べて表示します。間違えたものは赤で示します。コマンドラインでも python -m engine eval MODEL --list N で同じ行を表示できます。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Number of test images to read</source>
        <translation>読ませるテスト画像の枚数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>How many of the first test images the model reads; press Enter after typing a number.</source>
        <translation>最初から何枚のテスト画像をモデルに読ませるかを指定します。数値を入力したら Enter を押してください。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Images to read:</source>
        <translation>読ませる枚数(&amp;I)：</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Accuracy of these images</source>
        <translation>これらの画像での精度</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>The first test images, each with its line</source>
        <translation>最初のテスト画像と、それぞれの行</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The code that printed these lines</source>
        <translation>これらの行を表示したコード</translation>
    </message>
    <message>
        <location line="+52"/>
        <source>Reading the first {0} test images…</source>
        <translation>最初の {0} 枚のテスト画像を読み取っています…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reading the test images failed</source>
        <translation>テスト画像の読み取りに失敗しました</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No model: open one (File &gt; Open) or train one on the Draw &amp; Train page.</source>
        <translation>モデルがありません。モデルを開く（ファイル &gt; 開く）か、「描いて学習」ページで学習させてください。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No test set: {0} Choose a dataset folder on the Draw &amp; Train page.</source>
        <translation>テストデータがありません：{0} 「描いて学習」ページでデータセットのフォルダーを選んでください。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Loading the test set…</source>
        <translation>テストデータを読み込んでいます…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No test set: choose a dataset folder on the Draw &amp; Train page.</source>
        <translation>テストデータがありません。「描いて学習」ページでデータセットのフォルダーを選んでください。</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Reading the test images was stopped.</source>
        <translation>テスト画像の読み取りを中止しました。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The first {count} test images: {right} right, {wrong} wrong ({accuracy}).</source>
        <translation>最初の {count} 枚のテスト画像：正解 {right} 枚、不正解 {wrong} 枚（{accuracy}）。</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Test image {0}: its label is {1} and the model answered {2}: right.</source>
        <translation>テスト画像 {0}：ラベルは {1}、モデルの答えは {2}。正解です。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Test image {0}: its label is {1} but the model answered {2}: wrong.</source>
        <translation>テスト画像 {0}：ラベルは {1} ですが、モデルの答えは {2}。不正解です。</translation>
    </message>
</context>
<context>
    <name>ColourLegend</name>
    <message>
        <location filename="../gui/inspect_weights.py" line="+138"/>
        <source>Full blue is {low}, white 0, full red {high}</source>
        <translation>濃い青が {low}、白が 0、濃い赤が {high}</translation>
    </message>
</context>
<context>
    <name>ConfusionModel</name>
    <message>
        <location filename="../gui/inspect_mistakes.py" line="+81"/>
        <source>right</source>
        <translation>正解率</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>true {0}</source>
        <translation>正解 {0}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Test images whose label is {0}</source>
        <translation>ラベルが {0} のテスト画像</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>How many of the row&apos;s images the network got right</source>
        <translation>この行の画像のうち、ネットワークが正解した割合</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Test images the network answered {0}</source>
        <translation>ネットワークが {0} と答えたテスト画像</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>{count} of the {total} test images labelled {label} were answered {answer} ({share}). Click or press Enter to see them.</source>
        <translation>ラベルが {label} のテスト画像 {total} 枚のうち、{count} 枚を {answer} と答えました（{share}）。クリックするか Enter を押すと表示します。</translation>
    </message>
</context>
<context>
    <name>CurrentModel</name>
    <message>
        <location filename="../gui/current_model.py" line="+110"/>
        <source>new, untrained</source>
        <translation>新規・未学習</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>training</source>
        <translation>学習中</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>trained</source>
        <translation>学習済み</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>no model</source>
        <translation>モデルなし</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>test accuracy {0}</source>
        <translation>テスト精度 {0}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>kept in Runs</source>
        <translation>実行履歴に保存済み</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>not saved</source>
        <translation>未保存</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>No network reads the drawing: open a model or train one</source>
        <translation>手書きを読むネットワークがありません。モデルを開くか、学習させてください</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Read by the network being trained</source>
        <translation>学習中のネットワークが読み取り</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Read by the network being trained (iteration {iteration})</source>
        <translation>学習中のネットワークが読み取り（イテレーション {iteration}）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Read by a new, untrained network (it guesses)</source>
        <translation>未学習の新しいネットワークが読み取り（当て推量）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{name} (built in)</source>
        <translation>{name}（内蔵）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>the network just trained (kept in Runs)</source>
        <translation>学習したばかりのネットワーク（実行履歴に保存済み）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the network just trained (not saved)</source>
        <translation>学習したばかりのネットワーク（未保存）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Read by {name}</source>
        <translation>読み手：{name}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Read by {name}, test accuracy {accuracy}</source>
        <translation>{name}・精度 {accuracy}</translation>
    </message>
    <message>
        <location line="+64"/>
        <source>There is no model to export.</source>
        <translation>書き出すモデルがありません。</translation>
    </message>
</context>
<context>
    <name>CurvesView</name>
    <message>
        <location filename="../gui/curves_view.py" line="+41"/>
        <source>Loading the dataset and building the network…</source>
        <translation>データセットを読み込み、ネットワークを構築しています…</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>The run ended before its first test check.</source>
        <translation>最初のテスト確認の前に実行が終了しました。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Test accuracy appears here at the first check, {0} times an epoch.</source>
        <translation>テスト精度は最初の確認時にここに表示されます（1 エポックに {0} 回確認）。</translation>
    </message>
    <message>
        <location line="+25"/>
        <location line="+4"/>
        <source>lr {0}</source>
        <translation>学習率 {0}</translation>
    </message>
    <message>
        <location line="-4"/>
        <source>decay {0}</source>
        <translation>減衰 {0}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>weight decay {0}</source>
        <translation>荷重減衰 {0}</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>No training history for this model. Press F5 to train one and watch its loss fall here.</source>
        <translation>このモデルには学習の履歴がありません。F5 を押して学習させると、損失が下がっていく様子がここに表示されます。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Test and train accuracy appear here while a network trains.</source>
        <translation>ネットワークの学習中、テスト精度と訓練精度がここに表示されます。</translation>
    </message>
</context>
<context>
    <name>DatasetSource</name>
    <message>
        <location filename="../gui/dataset_source.py" line="+58"/>
        <source>Could not load the dataset in {0}</source>
        <translation>{0} のデータセットを読み込めませんでした</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No dataset folder chosen.</source>
        <translation>データセットのフォルダーが選ばれていません。</translation>
    </message>
</context>
<context>
    <name>DrawPanel</name>
    <message>
        <location filename="../gui/draw_panel.py" line="+110"/>
        <source>Draw a digit with the mouse; the right button erases. The network reads it as you draw. Drop a photo of a digit here to read it.</source>
        <translation>マウスで数字を書いてください（右ボタンで消せます）。書くそばからネットワークが読み取ります。数字の写真をここにドロップしても読み取れます。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Where the image came from</source>
        <translation>画像の出どころ</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>About my digits</source>
        <translation>自分の数字について</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Which network reads the drawing</source>
        <translation>手書きを読むネットワーク</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The network whose answer you see: the model opened, the one being trained, or a new one.</source>
        <translation>答えを出しているネットワークです。開いたモデル、学習中のネットワーク、新しいネットワークのいずれかです。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Pen width</source>
        <translation>ペンの太さ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pen width in pixels: MNIST strokes are about a tenth of the digit&apos;s height, so medium widths read best.</source>
        <translation>ペンの太さ（ピクセル）。MNIST の線の太さは数字の高さの約 10 分の 1 なので、中くらいの太さが最もよく読み取れます。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Not sure below this probability</source>
        <translation>この確率未満は自信なし</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>When the most probable digit has less than this probability, the answer says &quot;not sure&quot; and names the two most probable. The default is where the built-in network&apos;s answers were right 99.9% of the time on the MNIST test set.</source>
        <translation>最も確率が高い数字の確率がこの値未満のとき、答えは「自信なし」となり、確率が高い上位 2 つを示します。既定値は、内蔵ネットワークの答えが MNIST のテストデータで 99.9% 正しかった値です。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>&amp;Clear</source>
        <translation>消去(&amp;C)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Erase the canvas (Esc or Delete while drawing; Ctrl+Z brings it back).</source>
        <translation>キャンバスを消去します（描画中に Esc または Delete。Ctrl+Z で元に戻せます）。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&amp;Undo</source>
        <translation>元に戻す(&amp;U)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Take back the last stroke, clear or test image (Ctrl+Z).</source>
        <translation>最後の一筆、消去、テスト画像を取り消します (Ctrl+Z)。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Rando&amp;m test digit</source>
        <translation>テスト画像(&amp;M)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Put a random image from the test set on the canvas, one the network never trained on (Ctrl+R).</source>
        <translation>テストデータからランダムに選んだ画像（ネットワークが学習に使っていない画像）をキャンバスに置きます (Ctrl+R)。</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Digit {0}</source>
        <translation>数字 {0}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Add the drawing to my digits as a {0} ({0} on the canvas).</source>
        <translation>手書きを {0} として自分の数字に追加します（キャンバスで {0} キー）。</translation>
    </message>
    <message>
        <location line="+9"/>
        <location line="+1"/>
        <source>Add to my digits</source>
        <translation>自分の数字に追加</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Keep this drawing in My digits with its label: press the digit&apos;s key, 0 to 9, while the canvas has the focus, or choose it here. The canvas is cleared for the next one (Ctrl+Z brings it back).</source>
        <translation>この手書きをラベル付きで自分の数字に保存します。キャンバスにフォーカスがある状態でその数字のキー (0～9) を押すか、ここで選んでください。キャンバスは次の数字のために消去されます（Ctrl+Z で元に戻せます）。</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Pe&amp;n</source>
        <translation>ペン(&amp;N)</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>The network sees</source>
        <translation>ネットワークの入力</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Sure fro&amp;m</source>
        <translation>自信ありの下限(&amp;M)</translation>
    </message>
    <message>
        <location line="+6"/>
        <location line="+234"/>
        <source>Draw a digit</source>
        <translation>数字を描く</translation>
    </message>
    <message>
        <location line="-187"/>
        <source>Pen width {0} was not a width from {1} to {2}; using {3}.</source>
        <translation>ペンの太さ {0} は {1}～{2} の範囲外のため、{3} を使います。</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Not-sure threshold {0} was not a percentage from {1:g} to {2:g}; using {3}.</source>
        <translation>「自信なし」のしきい値 {0} は {1:g}～{2:g} の百分率ではないため、{3} を使います。</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>From the photo {0}, {1} other marks left out. Draw over it to correct it; the right button erases.</source>
        <translation>写真 {0} から（ほかの {1} 個の印は除外）。上から書いて直せます。右ボタンで消せます。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>From the photo {0}. Draw over it to correct it; the right button erases.</source>
        <translation>写真 {0} から。上から書いて直せます。右ボタンで消せます。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>{dataset} test image {index}: its label is {label}</source>
        <translation>{dataset} テスト画像 {index}：ラベルは {label}</translation>
    </message>
    <message>
        <location line="+54"/>
        <source>Nothing to add: draw a digit on the canvas first, then press its key.</source>
        <translation>追加するものがありません。先にキャンバスに数字を描いてから、その数字のキーを押してください。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>This is a test image, not your handwriting: draw the digit yourself to add it to my digits.</source>
        <translation>これはテスト画像で、あなたの手書きではありません。自分の数字に追加するには、自分で数字を描いてください。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Added an {0} to my digits ({1} in all).</source>
        <translation>{0} を自分の数字に追加しました（全 {1} 個）。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Added a {0} to my digits ({1} in all).</source>
        <translation>{0} を自分の数字に追加しました（全 {1} 個）。</translation>
    </message>
    <message>
        <location line="+67"/>
        <source>No model: open one or train one</source>
        <translation>モデルがありません。開くか、学習させてください</translation>
    </message>
</context>
<context>
    <name>DrawTrainPage</name>
    <message>
        <location filename="../gui/pages/draw_train.py" line="+16"/>
        <source>Draw &amp;&amp; Train</source>
        <translation>描いて学習</translation>
    </message>
</context>
<context>
    <name>DrawingCanvas</name>
    <message>
        <location filename="../gui/canvas.py" line="+148"/>
        <source>Drawing canvas</source>
        <translation>手書きキャンバス</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Draw a digit with the mouse; the right button erases. The network reads it as you draw.</source>
        <translation>マウスで数字を書いてください（右ボタンで消せます）。書くそばからネットワークが読み取ります。</translation>
    </message>
    <message>
        <location line="+177"/>
        <source>Draw a digit here</source>
        <translation>ここに数字を描いてください</translation>
    </message>
</context>
<context>
    <name>GettingStartedDialog</name>
    <message>
        <location filename="../gui/help.py" line="-107"/>
        <source>Getting started with DigitLab</source>
        <translation>はじめての DigitLab</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>&lt;b&gt;Loss&lt;/b&gt;: how wrong the network&apos;s answers are on the images it has just seen; training is the art of making it smaller.</source>
        <translation>&lt;b&gt;損失&lt;/b&gt;：ネットワークが直前に見た画像に対して、答えがどれだけ間違っているかを表します。学習とは、これを小さくしていくことです。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&lt;b&gt;Accuracy&lt;/b&gt;: the share of images the network reads correctly; the test accuracy counts images it never trained on.</source>
        <translation>&lt;b&gt;認識精度&lt;/b&gt;：ネットワークが正しく読み取れた画像の割合です。テスト精度は、学習に使っていない画像で数えます。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&lt;b&gt;Epoch&lt;/b&gt;: one pass through all 60,000 training images.</source>
        <translation>&lt;b&gt;エポック&lt;/b&gt;：60,000 枚の訓練画像すべてを 1 周することです。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&lt;b&gt;Iteration&lt;/b&gt;: one update of the weights, made from one small batch of images (100, say).</source>
        <translation>&lt;b&gt;イテレーション&lt;/b&gt;：重みの 1 回の更新です。画像の小さなミニバッチ（たとえば 100 枚）1 つから計算します。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&lt;b&gt;Learning rate&lt;/b&gt;: how big a step each update takes: too small and learning crawls, too large and the loss jumps about instead of falling.</source>
        <translation>&lt;b&gt;学習率&lt;/b&gt;：1 回の更新でどれだけ大きく進むかです。小さすぎると学習がなかなか進まず、大きすぎると損失が下がらずに跳ね回ります。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>1. Draw a digit</source>
        <translation>1. 数字を描く</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Draw a digit from 0 to 9 on the canvas with the mouse. While you draw, the ten bars show how sure the network is of each digit, and the small 28x28 image shows your drawing as the network sees it: scaled and centred the way the MNIST digits it learned from are.</source>
        <translation>キャンバスにマウスで 0～9 の数字を描きます。描いている間、10 本の棒がそれぞれの数字に対するネットワークの確信の度合いを示し、小さな 28x28 の画像がネットワークから見た手書きを示します。ネットワークが学習した MNIST の数字と同じように、拡大縮小して中央に配置したものです。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Or write a digit on paper in dark ink, take a photo of it, and open it with {image} (or drop it on the canvas). Draw over it to correct it; the right mouse button erases.</source>
        <translation>紙に濃いインクで数字を書いて写真を撮り、{image} で開くこともできます（キャンバスにドロップしても開けます）。上から書いて直せます。右ボタンで消せます。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>2. Train a network</source>
        <translation>2. ネットワークを学習させる</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Choose a preset in the training panel on the right and press {start} to train it. Watch the loss fall and the accuracy rise while it learns; your drawing is read by the weights being trained.</source>
        <translation>右側の学習パネルでプリセットを選び、{start} を押して学習させます。学習中は、損失が下がり精度が上がっていく様子を観察しましょう。手書きは、学習中の重みで読み取られます。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Press {pause} to pause or resume, and {stop} to stop: the weights trained so far are kept.</source>
        <translation>{pause} で一時停止・再開、{stop} で停止します。それまでに学習した重みは残ります。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>To see &lt;b&gt;overfitting&lt;/b&gt;, set &lt;b&gt;Training images&lt;/b&gt; to 100: the network soon reads those 100 perfectly, while its test accuracy stays far lower. &lt;b&gt;Label noise&lt;/b&gt; teaches it some wrong answers on purpose.</source>
        <translation>&lt;b&gt;過学習&lt;/b&gt;を見るには、&lt;b&gt;訓練画像&lt;/b&gt;を 100 にします。ネットワークはすぐにその 100 枚を完璧に読めるようになりますが、テスト精度はずっと低いままです。&lt;b&gt;ラベルノイズ&lt;/b&gt;は、わざと間違った答えをいくつか教えます。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>3. What the numbers mean</source>
        <translation>3. 数値の意味</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>4. Keep what you made</source>
        <translation>4. 作ったものを残す</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save the model with {save}, and open another one with {open}. To go back to the model DigitLab came with, choose &lt;b&gt;File &amp;gt; Open built-in model&lt;/b&gt;.</source>
        <translation>{save} でモデルを保存し、{open} で別のモデルを開きます。DigitLab に付属のモデルに戻るには、&lt;b&gt;ファイル &amp;gt; 内蔵モデルを開く&lt;/b&gt; を選びます。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>5. Read more</source>
        <translation>5. さらに学ぶ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>DigitLab follows the book &lt;i&gt;Deep Learning from Scratch&lt;/i&gt; by Koki Saitoh: chapters 3 (neural networks), 4 (learning from data), 5 (backpropagation), 6 (training techniques) and 7 (convolutional networks). The book&apos;s own code is at &lt;a href=&quot;{url}&quot;&gt;{url}&lt;/a&gt;.</source>
        <translation>DigitLab は斎藤康毅著&lt;i&gt;『ゼロから作るDeep Learning』&lt;/i&gt;に沿っています：3 章（ニューラルネットワーク）、4 章（ニューラルネットワークの学習）、5 章（誤差逆伝播法）、6 章（学習に関するテクニック）、7 章（畳み込みニューラルネットワーク）。本書のコードは &lt;a href=&quot;{url}&quot;&gt;{url}&lt;/a&gt; にあります。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The &lt;b&gt;Learn&lt;/b&gt; page ({learn}) follows the book&apos;s lessons one by one: the computational graph, each layer&apos;s forward and backward pass, softmax with loss, the gradient check and more, every number computed by DigitLab&apos;s own code, shown beside it.</source>
        <translation>&lt;b&gt;学ぶ&lt;/b&gt;ページ（{learn}）では、本書のレッスンを 1 つずつたどります：計算グラフ、各層の順伝播と逆伝播、Softmax-with-Loss レイヤ、勾配確認などです。どの数値も DigitLab 自身のコードで計算し、そのコードを横に表示します。</translation>
    </message>
</context>
<context>
    <name>GraphCanvas</name>
    <message>
        <location filename="../gui/pages/learn/graph.py" line="+20"/>
        <source>Computational graph</source>
        <translation>計算グラフ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The graph of the example: values going forward above each arrow, gradients flowing back below it in red.</source>
        <translation>例の計算グラフです。各矢印の上に順伝播の値、下に赤で逆伝播の勾配を示します。</translation>
    </message>
    <message>
        <location line="+66"/>
        <source>The {0}: type a number and press Enter; the graph recomputes with the engine&apos;s Mul and Add.</source>
        <translation>{0}：数値を入力して Enter を押すと、エンジンの Mul と Add でグラフを再計算します。</translation>
    </message>
</context>
<context>
    <name>GraphLesson</name>
    <message>
        <location line="+145"/>
        <source>Book section 5.4 buys apples at 100 yen each, 2 of them, with a consumption tax of 1.1. Each × node is the engine&apos;s Mul layer and each + node its Add layer. Step forward to compute the price, then backward: each node multiplies the gradient arriving from the right by its local gradient and passes the product to the left, so each input ends up with how much the price changes per unit of it.</source>
        <translation>本書 5.4 節では、1 個 100 円のりんごを 2 個、消費税 1.1 で買います。× ノードはそれぞれエンジンの Mul レイヤ、+ ノードは Add レイヤです。まず順伝播で支払金額を計算し、次に逆伝播します。各ノードは右から届いた勾配に局所的な勾配を掛け、その積を左へ渡します。こうして各入力について、それが 1 増えると支払金額がどれだけ変わるかが求まります。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Example</source>
        <translation>例</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Which of the book&apos;s shopping examples to compute.</source>
        <translation>計算する本書の買い物の例です。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Next step</source>
        <translation>次のステップ(&amp;N)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Compute one more node: forward through every node, then backward through them in reverse.</source>
        <translation>ノードを 1 つ計算します。すべてのノードを順伝播したあと、逆順に逆伝播します。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;All at once</source>
        <translation>まとめて実行(&amp;A)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Take every remaining step, forward and backward.</source>
        <translation>残りのステップを、順伝播も逆伝播もすべて実行します。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Reset</source>
        <translation>リセット(&amp;R)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hide the computed values and gradients and start again from the first node; the inputs you typed stay.</source>
        <translation>計算した値と勾配を隠し、最初のノードからやり直します。入力した値はそのまま残ります。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Black above an arrow: the value going forward. Red below it: the gradient flowing back, ∂price/∂(that value). Type a new input value and press Enter to recompute.</source>
        <translation>矢印の上の黒い数字：順伝播の値。下の赤い数字：逆伝播の勾配 ∂支払金額/∂(その値)。入力の値を書き換えて Enter を押すと再計算します。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>What the last step did</source>
        <translation>直前のステップの内容</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Input problem</source>
        <translation>入力の問題</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Gradients of the price</source>
        <translation>支払金額の勾配</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Each input&apos;s value and, once the backward pass reaches it, how much the price changes per unit of that input.</source>
        <translation>各入力の値と、逆伝播がそこに届いたあとは、その入力が 1 増えると支払金額がどれだけ変わるかを示します。</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>E&amp;xample:</source>
        <translation>例(&amp;X)：</translation>
    </message>
    <message>
        <location line="+87"/>
        <source>The {0} is empty: type a number, such as {1}. The graph keeps {0} = {2}.</source>
        <translation>{0} が空です。{1} のような数値を入力してください。グラフは {0} = {2} のままです。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The {0}: “{1}” is not a number. Type a finite number such as {2}; the graph keeps {0} = {3}.</source>
        <translation>{0}：「{1}」は数値ではありません。{2} のような有限の数値を入力してください。グラフは {0} = {3} のままです。</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>These inputs overflow float64 (numbers beyond about 1.8e308 become inf, and inf × 0 becomes nan): the price is {0}. Try smaller numbers.</source>
        <translation>これらの入力は float64 の範囲を超えます（約 1.8e308 を超える数は inf になり、inf × 0 は nan になります）。支払金額は {0} です。もっと小さい数値にしてください。</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>value</source>
        <translation>値</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>∂price/∂input</source>
        <translation>∂支払金額/∂入力</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Press Next step: the values flow forward through the graph, one node at a time.</source>
        <translation>「次のステップ」を押してください。値がグラフをノード 1 つずつ順伝播していきます。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Forward through a Mul node: the {0} {1} × the {2} {3} = {4}, the {5}.</source>
        <translation>Mul ノードの順伝播：{0} {1} × {2} {3} = {4}（{5}）。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Forward through an Add node: the {0} {1} + the {2} {3} = {4}, the {5}.</source>
        <translation>Add ノードの順伝播：{0} {1} + {2} {3} = {4}（{5}）。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The forward pass is done; next, the gradients flow back from the price, where ∂price/∂price = 1.</source>
        <translation>順伝播が終わりました。次は、∂支払金額/∂支払金額 = 1 である支払金額から、勾配が逆向きに流れます。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Backward through a Mul node: the gradient {0} arrives from the {1}. Mul&apos;s local gradients are its inputs swapped: ∂z/∂x = y = {2} and ∂z/∂y = x = {3}. So {0} × {2} = {4} flows to the {5} and {0} × {3} = {6} to the {7}.</source>
        <translation>Mul ノードの逆伝播：勾配 {0} が {1} から届きます。Mul の局所的な勾配は入力をひっくり返したもので、∂z/∂x = y = {2}、∂z/∂y = x = {3} です。よって {0} × {2} = {4} が {5} へ、{0} × {3} = {6} が {7} へ流れます。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Backward through an Add node: the gradient {0} arrives from the {1}. Add&apos;s local gradients are {2} and {3}, so {0} flows on unchanged: {4} to the {5} and {6} to the {7}.</source>
        <translation>Add ノードの逆伝播：勾配 {0} が {1} から届きます。Add の局所的な勾配は {2} と {3} なので、{0} はそのまま流れます：{5} へ {4}、{7} へ {6}。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Every input now has its gradient: see the table below.</source>
        <translation>すべての入力の勾配が求まりました。下の表を見てください。</translation>
    </message>
</context>
<context>
    <name>InspectPage</name>
    <message>
        <location filename="../gui/pages/inspect.py" line="+43"/>
        <source>Inspect</source>
        <translation>中を見る</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Total parameters</source>
        <translation>パラメータの総数</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Where the image came from</source>
        <translation>画像の出どころ</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>C&amp;lear</source>
        <translation>消去(&amp;L)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Erase the drawing (Esc or Delete while drawing).</source>
        <translation>手書きを消去します（描画中に Esc または Delete）。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Clear</source>
        <translation>消去</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Your drawing</source>
        <translation>あなたの手書き</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The network, layer by layer</source>
        <translation>ネットワークの各層</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Views of the network</source>
        <translation>ネットワークの表示</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>What each layer makes of your drawing</source>
        <translation>各層が手書きをどう見るか</translation>
    </message>
    <message>
        <location line="+46"/>
        <source>No model: open one or train one.</source>
        <translation>モデルがありません。開くか、学習させてください。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Draw a digit to see what every layer makes of it.</source>
        <translation>数字を描くと、各層がそれをどう捉えるかを表示します。</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Total: {0} parameters</source>
        <translation>合計：パラメータ {0} 個</translation>
    </message>
</context>
<context>
    <name>KeptRuns</name>
    <message>
        <location filename="../gui/kept_runs.py" line="+58"/>
        <source>The kept runs could not be listed</source>
        <translation>保存した実行を一覧にできませんでした</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>The run could not be kept</source>
        <translation>実行を保存できませんでした</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>A run could not be deleted</source>
        <translation>実行を削除できませんでした</translation>
    </message>
</context>
<context>
    <name>KeyboardShortcutsDialog</name>
    <message>
        <location filename="../gui/help.py" line="-134"/>
        <source>Keyboard shortcuts</source>
        <translation>キーボードショートカット</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>What it does</source>
        <translation>操作</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Keys</source>
        <translation>キー</translation>
    </message>
</context>
<context>
    <name>LayerLabLesson</name>
    <message>
        <location filename="../gui/pages/learn/layer_lab.py" line="+373"/>
        <source>Layer</source>
        <translation>層</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The engine layer to run forward and backward.</source>
        <translation>順伝播と逆伝播を実行するエンジンの層です。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Back to the &amp;worked example</source>
        <translation>計算例に戻す(&amp;W)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Back to the worked example</source>
        <translation>計算例に戻す</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Put this layer&apos;s worked example back in its tables.</source>
        <translation>この層の計算例を表に戻します。</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>&amp;Layer:</source>
        <translation>層(&amp;L)：</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Each layer of a network is a small class with forward and backward (book 5.5-5.6). Pick one: its input and the gradient arriving from above are editable, and every other number is what the engine&apos;s own layer returns. Below, the code that ran.</source>
        <translation>ネットワークの各層は、forward と backward を持つ小さなクラスです（本書 5.5～5.6 節）。層を 1 つ選んでください。入力と上から届く勾配は編集でき、ほかの数値はすべてエンジンの層自身が返した値です。下に、実行したコードを示します。</translation>
    </message>
</context>
<context>
    <name>LayerPanel</name>
    <message>
        <location line="-367"/>
        <source>Problem with the numbers</source>
        <translation>数値の問題</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The upstream gradient after backward</source>
        <translation>逆伝播後の上流の勾配</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The classic mistake</source>
        <translation>よくある間違い</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>The results use the last number that was in each red cell.</source>
        <translation>結果には、各赤いセルに最後に入っていた数値を使っています。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Some results are too large for 64-bit floats and show as inf or nan, as they would in training.</source>
        <translation>一部の結果は 64 ビット浮動小数点数の範囲を超えるため、学習時と同じく inf または nan と表示されます。</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Click a cell and type a number; everything recomputes.</source>
        <translation>セルをクリックして数値を入力すると、すべて再計算されます。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>A</source>
        <translation>A</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>x</source>
        <translation>x</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>W</source>
        <translation>W</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>b</source>
        <translation>b</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>t</source>
        <translation>t</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>dout</source>
        <translation>dout</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>dy</source>
        <translation>dy</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>y</source>
        <translation>y</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Y</source>
        <translation>Y</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>T</source>
        <translation>T</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>L</source>
        <translation>L</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>dL/dA</source>
        <translation>dL/dA</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>dx</source>
        <translation>dx</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>dW</source>
        <translation>dW</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>db</source>
        <translation>db</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>dy, book version</source>
        <translation>dy（本のコード）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>dx, input cached</source>
        <translation>dx（入力を保持）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>A rows</source>
        <translation>A の行数</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>x rows</source>
        <translation>x の行数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A columns (classes)</source>
        <translation>A の列数（クラス）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>x columns</source>
        <translation>x の列数</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The number of rows of {0}: examples in the batch.</source>
        <translation>{0} の行数：バッチ内のサンプル数です。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The number of columns of {0}: numbers per example.</source>
        <translation>{0} の列数：サンプル 1 つあたりの数値の個数です。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>W rows</source>
        <translation>W の行数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The number of rows of W: it must equal the columns of x.</source>
        <translation>W の行数：x の列数と等しくなければなりません。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>W columns</source>
        <translation>W の列数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The number of columns of W: the outputs per example (b follows it).</source>
        <translation>W の列数：サンプル 1 つあたりの出力の数です（b もこれに従います）。</translation>
    </message>
    <message>
        <location line="+115"/>
        <source>not computed</source>
        <translation>未計算</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>After backward, {0} is unchanged: the layer did not write into the gradient it received.</source>
        <translation>逆伝播後も {0} は変わっていません。この層は受け取った勾配に書き込んでいません。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>After backward, {0} was changed: the layer wrote into the gradient it received.</source>
        <translation>逆伝播後、{0} は書き換えられました。この層は受け取った勾配に書き込みました。</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>x has {0} columns but W has {1} rows: x W needs one row of W for each column of x. Change x columns or W rows so they match.</source>
        <translation>x の列数は {0} ですが、W の行数は {1} です。x W には、x の列 1 つにつき W の行が 1 つ必要です。x の列数か W の行数を変えて合わせてください。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>b has {0} columns but W has {1}: b adds one number to each column of x W.</source>
        <translation>b の列数は {0} ですが、W の列数は {1} です。b は x W の各列に数値を 1 つずつ足します。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>t has {0} labels but A has {1} rows: each row of scores needs one label.</source>
        <translation>t のラベルは {0} 個ですが、A の行数は {1} です。スコアの各行にラベルが 1 つ必要です。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>t, row {0}: {1} is not a class. A label is a whole number from 0 to {2}, one of the {3} columns of A.</source>
        <translation>t の {0} 行目：{1} はクラスではありません。ラベルは 0 から {2} までの整数で、A の {3} 列のどれかです。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{0} has shape {1} but {2} has shape {3}: the upstream gradient has the output&apos;s shape.</source>
        <translation>{0} の形状は {1} ですが、{2} の形状は {3} です。上流の勾配は出力と同じ形状になります。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>A: scores, editable
{0}</source>
        <translation>A：スコア
{0}・編集可</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>t: labels, editable
{0}</source>
        <translation>t：ラベル
{0}・編集可</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Y = softmax(A): probabilities
{0}</source>
        <translation>Y = softmax(A)：確率
{0}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>T: t as one-hot rows
{0}</source>
        <translation>T：t の one-hot 表現
{0}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>L: cross-entropy loss
{0}</source>
        <translation>L：交差エントロピー誤差
{0}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>dout: upstream gradient
{0}, editable</source>
        <translation>dout：上流の勾配
{0}・編集可</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>dL/dA = dout (Y − T) / N
{0}, the shape of A</source>
        <translation>dL/dA = dout (Y − T) / N
{0}、A の形状</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>x: input, editable
{0}</source>
        <translation>x：入力
{0}・編集可</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>y: forward output
{0}</source>
        <translation>y：順伝播の出力
{0}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>dy: upstream gradient
{0}, y&apos;s shape, editable</source>
        <translation>dy：上流の勾配
{0}・編集可</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>dx: backward output
{0}, the shape of x</source>
        <translation>dx：逆伝播の出力
{0}、x の形状</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>W: weights, editable
{0}</source>
        <translation>W：重み
{0}・編集可</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>b: bias, editable
{0}</source>
        <translation>b：バイアス
{0}・編集可</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>y = x W + b
{0}</source>
        <translation>y = x W + b
{0}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>dx = dy Wᵀ
{0}, the shape of x</source>
        <translation>dx = dy Wᵀ
{0}、x の形状</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>dW = xᵀ dy
{0}, the shape of W</source>
        <translation>dW = xᵀ dy
{0}、W の形状</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>db = dy summed over rows
{0}, the shape of b</source>
        <translation>db = dy の総和
(行方向)・{0}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>y = max(0, x)
{0}</source>
        <translation>y = max(0, x)
{0}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>dx = dy where x &gt; 0, else 0
{0}, the shape of x</source>
        <translation>dx = x &gt; 0 なら dy、それ以外は 0
{0}、x の形状</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>dy after the book&apos;s dout[mask] = 0
{0}, wrong: changed</source>
        <translation>本の dout[mask] = 0 の後の dy
{0}、誤り：書き換わる</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>y = 1 / (1 + exp(−x))
{0}</source>
        <translation>y = 1 / (1 + exp(−x))
{0}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>dx = dy y (1 − y)
{0}, the shape of x</source>
        <translation>dx = dy y (1 − y)
{0}、x の形状</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>dx = dy x (1 − x): x cached, not y
{0}, wrong</source>
        <translation>dx = dy x (1 − x)：y でなく x を保持
{0}、誤り</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>y = tanh(x)
{0}</source>
        <translation>y = tanh(x)
{0}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>dx = dy (1 − y²)
{0}, the shape of x</source>
        <translation>dx = dy (1 − y²)
{0}、x の形状</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The shapes rule: dx has the shape of x, dW the shape of W, db the shape of b. b was added to every row of x W, so db sums dy over the rows (the batch). Change x columns without W rows and the shapes no longer chain.</source>
        <translation>形状のルール：dx は x の形状、dW は W の形状、db は b の形状になります。b は x W のすべての行に足されたので、db は dy を行（バッチ）について合計します。W の行数を変えずに x の列数を変えると、形状がつながらなくなります。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The classic mistake: the book&apos;s ReLU writes dout[mask] = 0, which changes the gradient its caller passed in, though another branch of the graph may still need it. The engine returns dout * self.positive, a new array, so dy above is unchanged; the table on the right shows what the book&apos;s version leaves in dy.</source>
        <translation>よくある間違い：本の ReLU は dout[mask] = 0 と書くため、呼び出し元から渡された勾配そのものを書き換えます。計算グラフの別の枝がまだその勾配を使うかもしれません。エンジンは新しい配列 dout * self.positive を返すので、上の dy は変わりません。右の表は、本のやり方で dy に残る値を示しています。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The classic mistake: backward needs the output y, dx = dy y (1 − y), so forward caches y (self.out). Caching the input x and using it as if it were y gives dy x (1 − x): the wrong numbers on the right.</source>
        <translation>よくある間違い：逆伝播には出力 y が必要なので（dx = dy y (1 − y)）、順伝播で y を保持します（self.out）。入力 x を保持して y のように使うと dy x (1 − x) となり、右のような誤った値になります。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Like Sigmoid, Tanh caches its output y and uses dx = dy (1 − y²); caching the input x instead would be the same mistake as Sigmoid&apos;s.</source>
        <translation>Sigmoid と同じく、Tanh も出力 y を保持して dx = dy (1 − y²) を使います。代わりに入力 x を保持すると、Sigmoid と同じ間違いになります。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>dL/dA is (Y − T) / N: divided by the batch size N because the loss is the mean over the rows. Backward starts from self.y.copy(), so subtracting T does not change the probabilities the layer cached. The loss adds 1e-7 inside the log, as the book does, so a zero probability gives a large loss instead of inf.</source>
        <translation>dL/dA は (Y − T) / N です。損失は行の平均なので、バッチサイズ N で割ります。逆伝播は self.y.copy() から始まるので、T を引いてもレイヤが保持した確率は変わりません。損失は本と同じく log の中に 1e-7 を足すので、確率が 0 でも inf ではなく大きな損失になります。</translation>
    </message>
</context>
<context>
    <name>LearnPage</name>
    <message>
        <location filename="../gui/pages/learn/__init__.py" line="+14"/>
        <source>Learn</source>
        <translation>学ぶ</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Lessons</source>
        <translation>レッスン一覧</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Book section</source>
        <translation>本書の節</translation>
    </message>
</context>
<context>
    <name>LossPlot</name>
    <message>
        <location filename="../gui/plots.py" line="-147"/>
        <source>Loss per iteration</source>
        <translation>イテレーションごとの損失</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Loss on each training batch: it should fall; the smoothed line shows the trend.</source>
        <translation>訓練バッチごとの損失です。下がっていくはずで、平滑化した線が傾向を示します。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>loss</source>
        <translation>損失</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>iteration</source>
        <translation>イテレーション</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>loss per iteration</source>
        <translation>イテレーションごとの損失</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>smoothed</source>
        <translation>平滑化</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Press F5 to train: the loss of every batch appears here.</source>
        <translation>F5 で学習を開始すると、各バッチの損失がここに表示されます。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../gui/main_window.py" line="+63"/>
        <source>Current model</source>
        <translation>現在のモデル</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The model reading your drawing.</source>
        <translation>手書きの数字を読んでいるモデルです。</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>&amp;Edit</source>
        <translation>編集(&amp;E)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Training</source>
        <translation>学習(&amp;T)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Continue training</source>
        <translation>学習を続ける(&amp;C)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Train the model shown for the form&apos;s length more, from its own weights and with the settings it was trained with (Ctrl+F5).</source>
        <translation>表示中のモデルを、自身の重みから、学習時と同じ設定で、フォームの長さだけさらに学習させます（Ctrl+F5）。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Trainer and &amp;log</source>
        <translation>Trainer とログ(&amp;L)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The Trainer&apos;s extensions and the log of the run, as Chainer shows them.</source>
        <translation>Trainer の拡張機能と実行のログを、Chainer と同じ形で表示します。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Help</source>
        <translation>ヘルプ(&amp;H)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Getting started</source>
        <translation>はじめに(&amp;G)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A short guide: draw, train, read the curves (F1).</source>
        <translation>簡単なガイド：描く、学習する、曲線を読む（F1）。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Keyboard shortcuts</source>
        <translation>キーボードショートカット(&amp;K)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Every key DigitLab knows.</source>
        <translation>DigitLab のすべてのキー操作です。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Language</source>
        <translation>言語(&amp;L)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;About DigitLab</source>
        <translation>DigitLab について(&amp;A)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>What DigitLab is and whose data it uses.</source>
        <translation>DigitLab の概要と、使っているデータの出典です。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>About &amp;Qt</source>
        <translation>Qt について(&amp;Q)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The Qt version DigitLab runs on.</source>
        <translation>DigitLab が動作している Qt のバージョンです。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&amp;System language</source>
        <translation>システムの言語(&amp;S)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Takes effect when DigitLab starts again.</source>
        <translation>DigitLab を次に起動したときから有効になります。</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Pa&amp;ges</source>
        <translation>ページ(&amp;G)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Show the {0} page (Ctrl+{1}).</source>
        <translation>「{0}」ページを表示します（Ctrl+{1}）。</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>&amp;New model</source>
        <translation>新しいモデル(&amp;N)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A fresh, untrained network from the training settings: see how it reads before learning anything.</source>
        <translation>学習設定から作った未学習の新しいネットワークです。学習する前にどう読むかを確かめられます。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Open model…</source>
        <translation>モデルを開く(&amp;O)…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Open a saved DigitLab model (.npz).</source>
        <translation>保存した DigitLab モデル (.npz) を開きます。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Open &amp;built-in model</source>
        <translation>内蔵モデルを開く(&amp;B)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Go back to the trained model DigitLab ships with.</source>
        <translation>DigitLab に付属の学習済みモデルに戻ります。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Open &amp;image…</source>
        <translation>画像を開く(&amp;I)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Read a photo or scan of a handwritten digit (PNG, JPEG, ...): it is put on the canvas as if drawn there. You can also drop it on the canvas.</source>
        <translation>手書き数字の写真やスキャン画像（PNG、JPEG など）を読み込み、キャンバスに書いたものとして置きます。キャンバスにドロップしても読み込めます。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Save model</source>
        <translation>モデルを保存(&amp;S)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save the current model.</source>
        <translation>現在のモデルを保存します。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save model &amp;as…</source>
        <translation>名前を付けて保存(&amp;A)…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Save the current model under a new name.</source>
        <translation>現在のモデルを新しい名前で保存します。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Export as ONNX…</source>
        <translation>ONNX 形式で書き出し(&amp;E)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Write the current model as an ONNX file, for onnxruntime, Netron and other tools.</source>
        <translation>現在のモデルを ONNX ファイルとして書き出します。onnxruntime や Netron などのツールで使えます。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Show model &amp;folder</source>
        <translation>モデルのフォルダーを表示(&amp;F)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open the folder holding the current model in the file manager.</source>
        <translation>現在のモデルがあるフォルダーをファイルマネージャーで開きます。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Quit</source>
        <translation>終了(&amp;Q)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Close DigitLab.</source>
        <translation>DigitLab を閉じます。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;File</source>
        <translation>ファイル(&amp;F)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Open &amp;recent</source>
        <translation>最近使ったモデル(&amp;R)</translation>
    </message>
    <message>
        <location line="+63"/>
        <source>No model found: train one, or open one with File &gt; Open.</source>
        <translation>モデルがありません。学習させるか、ファイル &gt; モデルを開く で開いてください。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>The model from your last session was skipped and the built-in model opened instead: {0}</source>
        <translation>前回のセッションのモデルは使わず、代わりに内蔵モデルを開きました：{0}</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Looking for unfinished runs failed</source>
        <translation>未完了の実行を探せませんでした</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+5"/>
        <source>An unfinished run</source>
        <translation>未完了の実行</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>A run of {0} that began {1} was interrupted after epoch {2} of {3}. Resume it?</source>
        <translation>{1} に開始した {0} の実行が、エポック {2}/{3} の後で中断されました。再開しますか？</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Cannot resume the run</source>
        <translation>実行を再開できません</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Resuming the run from epoch {0}…</source>
        <translation>エポック {0} から実行を再開しています…</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Started with some of your last session reset; see the message.</source>
        <translation>前回のセッションの一部をリセットして起動しました。メッセージを確認してください。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Your last session</source>
        <translation>前回のセッション</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Opened {0}</source>
        <translation>{0} を開きました</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+117"/>
        <source>the built-in model</source>
        <translation>内蔵モデル</translation>
    </message>
    <message>
        <location line="-96"/>
        <source>Dataset {0}: {1:,} training and {2:,} test images</source>
        <translation>データセット {0}：訓練画像 {1:,} 枚、テスト画像 {2:,} 枚</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>The model you trained is not saved. Save it before {0}?</source>
        <translation>学習させたモデルが保存されていません。{0}前に保存しますか？</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>making a new one</source>
        <translation>新しいモデルを作る</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Cannot make this network</source>
        <translation>このネットワークは作れません</translation>
    </message>
    <message>
        <location line="+7"/>
        <location line="+37"/>
        <source>opening another</source>
        <translation>別のモデルを開く</translation>
    </message>
    <message>
        <location line="-17"/>
        <source>Cannot open image</source>
        <translation>画像を開けません</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>Opening {0}…</source>
        <translation>{0} を開いています…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Could not open {0}</source>
        <translation>{0} を開けませんでした</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Cannot open model</source>
        <translation>モデルを開けません</translation>
    </message>
    <message>
        <location line="+62"/>
        <source>Saved {0}</source>
        <translation>{0} を保存しました</translation>
    </message>
    <message>
        <location line="+13"/>
        <location line="+6"/>
        <location line="+5"/>
        <source>Cannot export as ONNX</source>
        <translation>ONNX 形式で書き出せません</translation>
    </message>
    <message>
        <location line="-10"/>
        <source>{0} is the model itself: choose another name for the ONNX file.</source>
        <translation>{0} はモデル本体のファイルです。ONNX ファイルには別の名前を付けてください。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{0} could not be written: {1}.</source>
        <translation>{0} に書き込めませんでした：{1}。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Exported {0}</source>
        <translation>{0} を書き出しました</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>the model is still open here, so you can save it elsewhere with File &gt; Save model as</source>
        <translation>モデルはまだここで開いたままなので、ファイル &gt; 名前を付けて保存 で別の場所に保存できます</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{0} could not be saved: {1}</source>
        <translation>{0} を保存できませんでした：{1}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{0}; {1}.</source>
        <translation>{0}。{1}。</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>{0}.</source>
        <translation>{0}。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cannot save model</source>
        <translation>モデルを保存できません</translation>
    </message>
    <message>
        <location line="+51"/>
        <source>(none yet)</source>
        <translation>（まだありません）</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Cannot continue training</source>
        <translation>学習を続けられません</translation>
    </message>
    <message>
        <location line="+13"/>
        <location line="+12"/>
        <source>Cannot fine-tune on my digits</source>
        <translation>自分の数字で追加学習できません</translation>
    </message>
    <message>
        <location line="-11"/>
        <source>The model shown does not read digits: open or train a digits model first.</source>
        <translation>表示中のモデルは数字を読むモデルではありません。先に数字のモデルを開くか、学習させてください。</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>The model shown does not say how it was trained, and the form describes another network: choose its preset and layers in the form, then continue.</source>
        <translation>表示中のモデルには学習時の設定が記録されておらず、フォームは別のネットワークを表しています。フォームでそのモデルのプリセットと層を選んでから続けてください。</translation>
    </message>
    <message>
        <location line="+20"/>
        <location line="+15"/>
        <source>Cannot train with these settings</source>
        <translation>この設定では学習できません</translation>
    </message>
    <message>
        <location line="-13"/>
        <source>training a new one</source>
        <translation>新しいモデルを学習させる</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>This run cannot be resumed after a crash: {0}</source>
        <translation>この実行はクラッシュ後に再開できません：{0}</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Training {0}: test accuracy {1:.2%}. Keeping it in Runs…</source>
        <translation>学習 {0}：テスト精度 {1:.2%}。実行履歴に保存しています…</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Training stopped early</source>
        <translation>学習が途中で止まりました</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Not closed: the trained model is not saved yet.</source>
        <translation>閉じませんでした：学習したモデルがまだ保存されていません。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Kept in Runs as {0}.</source>
        <translation>実行履歴に {0} として保存しました。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The run was not kept</source>
        <translation>実行は保存されませんでした</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{0} The run&apos;s model is still open here: save it with File &gt; Save.</source>
        <translation>{0} この実行のモデルはまだ開いたままです。ファイル &gt; モデルを保存 で保存してください。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Runs</source>
        <translation>実行履歴</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>A run is going on: stop it to open another model.</source>
        <translation>学習の実行中です。別のモデルを開くには、先に停止してください。</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Cannot export the log</source>
        <translation>ログを書き出せません</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Wrote {0} rows to {1}</source>
        <translation>{1} に {0} 行を書き出しました</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Delete {0} kept runs from the disk, with their models?
{1}</source>
        <translation>保存した実行 {0} 件を、モデルごとディスクから削除しますか？
{1}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Delete the kept run {0} from the disk, with its model?</source>
        <translation>保存した実行 {0} を、モデルごとディスクから削除しますか？</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>My digits</source>
        <translation>自分の数字</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Delete {0} of your digits? Export them first to keep a copy.</source>
        <translation>自分の数字 {0} 個を削除しますか？控えを残すには、先に書き出してください。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete this digit of yours?</source>
        <translation>この自分の数字を削除しますか？</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete digits</source>
        <translation>数字を削除</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Deleted {0} of your digits; {1} left.</source>
        <translation>自分の数字を {0} 個削除しました。残りは {1} 個です。</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Exported {0} digits to {1}</source>
        <translation>{1} に数字 {0} 個を書き出しました</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Imported {0} digits from {1}; {2} in all now.</source>
        <translation>{1} から数字 {0} 個を読み込みました。全部で {2} 個になりました。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Nothing new in {0}: its digits are all here already.</source>
        <translation>{0} に新しい数字はありません。すべて読み込み済みです。</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Training failed</source>
        <translation>学習に失敗しました</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>{0}[*] — DigitLab</source>
        <translation>{0}[*] — DigitLab</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Cannot show the folder</source>
        <translation>フォルダーを表示できません</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Could not look up this computer</source>
        <translation>このコンピューターの情報を取得できませんでした</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Some remembered settings were out of range and were reset:
{0}</source>
        <translation>保存されていた設定の一部が範囲外だったため、リセットしました：
{0}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Some remembered settings were reset.</source>
        <translation>保存されていた設定の一部をリセットしました。</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>the training settings could not be read</source>
        <translation>学習設定を読み込めませんでした</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>the training settings could not all be used</source>
        <translation>学習設定の一部を使えませんでした</translation>
    </message>
    <message>
        <location line="+57"/>
        <source>quitting</source>
        <translation>終了する</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Closing once the current iteration ends…</source>
        <translation>現在のイテレーションが終わりしだい閉じます…</translation>
    </message>
</context>
<context>
    <name>MapView</name>
    <message>
        <location filename="../gui/inspect_map.py" line="+29"/>
        <source>Map of a layer</source>
        <translation>層のマップ</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Map of what a layer has learned</source>
        <translation>層が学習した内容のマップ</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Layer to map</source>
        <translation>マップする層</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The layer whose outputs place the images on the map.</source>
        <translation>この層の出力を使って、画像をマップ上に配置します。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Map status</source>
        <translation>マップの状態</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Scatter plot of the test images</source>
        <translation>テスト画像の散布図</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>first principal component</source>
        <translation>第1主成分</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>second principal component</source>
        <translation>第2主成分</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>your drawing</source>
        <translation>あなたの手書き</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>&amp;Layer:</source>
        <translation>層(&amp;L)：</translation>
    </message>
    <message>
        <location line="+48"/>
        <source>No model: open one or train one.</source>
        <translation>モデルがありません。開くか、学習させてください。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Load a dataset (Draw &amp; Train page) to map its test images.</source>
        <translation>テスト画像をマップするには、データセットを読み込んでください（「描いて学習」ページ）。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Computing the map of layer {0} for {1:,} test images…</source>
        <translation>層 {0} のマップを {1:,} 枚のテスト画像で計算しています…</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>{0}. {1}: {2}</source>
        <translation>{0}. {1}: {2}</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>{0:,} test images by the outputs of layer {1}; the two axes hold {2:.0%} and {3:.0%} of their variance.</source>
        <translation>{0:,} 枚のテスト画像を層 {1} の出力で配置しています。2 つの軸は分散の {2:.0%} と {3:.0%} を表します。</translation>
    </message>
</context>
<context>
    <name>MistakesView</name>
    <message>
        <location filename="../gui/inspect_mistakes.py" line="+20"/>
        <source>Corner of the matrix</source>
        <translation>行列の角</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Where it goes wrong</source>
        <translation>どこで間違えるか</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>Measurement</source>
        <translation>測定</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Measure on the test set</source>
        <translation>テストデータで測定(&amp;M)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Run the model on every test image (off the window&apos;s thread) and count its answers.</source>
        <translation>すべてのテスト画像でモデルを実行し（ウィンドウとは別のスレッドで）、答えを数えます。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Measure on the test set</source>
        <translation>テストデータで測定</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Measuring progress</source>
        <translation>測定の進み具合</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%v of %m images</source>
        <translation>%v / %m 枚</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Test images the model has read so far</source>
        <translation>モデルがこれまでに読んだテスト画像</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancel</source>
        <translation>キャンセル</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancel measuring</source>
        <translation>測定をキャンセル</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stop measuring; the figures stay as they were.</source>
        <translation>測定を止めます。数値は元のままです。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Confusion matrix: rows are the true digit, columns the network&apos;s answer</source>
        <translation>混同行列：行は正解の数字、列はネットワークの答え</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rows: the true digit; columns: the network&apos;s answer.</source>
        <translation>行：正解の数字、列：ネットワークの答え。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Click a cell, or choose it with the arrow keys and press Enter, to see its images.</source>
        <translation>セルをクリックするか、矢印キーで選んで Enter を押すと、その画像を表示します。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Images of the cell</source>
        <translation>セルの画像</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Test images of the chosen cell, most confident first</source>
        <translation>選んだセルのテスト画像（確信度の高い順）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Click an image, or press Enter, to open it on the drawing: every layer and the bars then show it.</source>
        <translation>画像をクリックするか Enter を押すと、キャンバスに開きます。すべての層と棒グラフがその画像を表示します。</translation>
    </message>
    <message>
        <location line="+49"/>
        <source>Measuring on the test set failed</source>
        <translation>テストデータでの測定に失敗しました</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>Measuring cancelled.</source>
        <translation>測定を中止しました。</translation>
    </message>
    <message>
        <location line="+56"/>
        <source>Measuring the model on the test set…</source>
        <translation>テストデータでモデルを測定しています…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No model: open one or train one.</source>
        <translation>モデルがありません。モデルを開くか、学習させてください。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The figures were measured for the previous model: measure again to see this one&apos;s.</source>
        <translation>この数値は前のモデルで測定したものです。このモデルの数値を見るには、もう一度測定してください。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>No test set: choose a dataset folder on the Draw &amp; Train page.</source>
        <translation>テストデータがありません。「描いて学習」ページでデータセットのフォルダーを選んでください。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Measure the model on the test set to see which digits it confuses.</source>
        <translation>テストデータでモデルを測定すると、どの数字を取り違えるかがわかります。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Measured by the training run at iteration {iteration} (epoch {epoch}) on the {count} test images: {accuracy}. Rows: the true digit; columns: the network&apos;s answer. Click a cell to see its images.</source>
        <translation>学習の実行中、イテレーション {iteration}（エポック {epoch}）で {count} 枚のテスト画像について測定した精度：{accuracy}。行は正解の数字、列はネットワークの答えです。セルをクリックすると、その画像を表示します。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Accuracy on the {count} test images: {accuracy}. Rows: the true digit; columns: the network&apos;s answer. Click a cell to see its images.</source>
        <translation>{count} 枚のテスト画像での認識精度：{accuracy}。行は正解の数字、列はネットワークの答えです。セルをクリックすると、その画像を表示します。</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>{count} test images labelled {label} and answered {answer}, the most confident answer first</source>
        <translation>ラベルが {label} で答えが {answer} のテスト画像 {count} 枚（確信度の高い順）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source> (the first {shown} shown)</source>
        <translation> (最初の {shown} 枚を表示)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>. Click one to open it on the drawing.</source>
        <translation>。クリックするとキャンバスに開きます。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>#{index} label {label}
{best}</source>
        <translation>#{index} ラベル {label}
{best}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Test image {index}: its label is {label}; the network says {top}</source>
        <translation>テスト画像 {index}：ラベルは {label}、ネットワークの答えは {top}</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>{dataset} test image {index}: its label is {label}</source>
        <translation>{dataset} テスト画像 {index}：ラベルは {label}</translation>
    </message>
</context>
<context>
    <name>MyDigitsFiguresView</name>
    <message>
        <location filename="../gui/my_digits_figures.py" line="+49"/>
        <source>Accuracy on MNIST&apos;s test set</source>
        <translation>MNIST テストデータでの精度</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Accuracy on my digits</source>
        <translation>自分の数字での精度</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Accuracy on my held-out digits</source>
        <translation>取り置いた自分の数字での精度</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Confusion matrix of my digits: rows are the digit you meant, columns the network&apos;s answer</source>
        <translation>自分の数字の混同行列：行は書こうとした数字、列はネットワークの答え</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Rows: the digit you meant; columns: the network&apos;s answer.</source>
        <translation>行は書こうとした数字、列はネットワークの答えです。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The last column is each row&apos;s accuracy.</source>
        <translation>最後の列は各行の認識精度です。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>MNIST images mixed in</source>
        <translation>混ぜる MNIST 画像の枚数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>How many MNIST training images are mixed with your digits, so the network keeps reading MNIST while it learns your handwriting.</source>
        <translation>自分の数字に混ぜる MNIST 訓練画像の枚数です。これにより、ネットワークはあなたの筆跡を学びながら、MNIST も読めるままになります。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Fine-tuning epochs</source>
        <translation>微調整のエポック数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>How many passes over the mix of MNIST and your digits.</source>
        <translation>MNIST と自分の数字を混ぜたデータを何回繰り返し学習するかです。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fi&amp;ne-tune on my digits</source>
        <translation>自分の数字で微調整(&amp;N)</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+27"/>
        <source>Fine-tune on my digits</source>
        <translation>自分の数字で微調整</translation>
    </message>
    <message>
        <location line="-25"/>
        <source>Train the model shown on from its weights, on MNIST mixed with your digits. The held-out digits are never trained on, so their accuracy after is honest.</source>
        <translation>表示中のモデルを今の重みから、MNIST に自分の数字を混ぜたデータでさらに学習させます。取り置いた数字は学習に使わないので、微調整後の精度は公正な値です。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Before and after fine-tuning</source>
        <translation>微調整の前後</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>The model shown, on my digits</source>
        <translation>表示中のモデル：自分の数字</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>MNIST images</source>
        <translation>MNIST 画像</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Epochs</source>
        <translation>エポック数</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>No model: open one or train one.</source>
        <translation>モデルがありません。モデルを開くか、学習させてください。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>On MNIST&apos;s test set: measured when the run ends.</source>
        <translation>MNIST テストデータ：学習の実行が終わったら測定します。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>On MNIST&apos;s test set: not measured for this model (its file records no test accuracy).</source>
        <translation>MNIST テストデータ：このモデルは未測定です（ファイルにテスト精度の記録がありません）。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>On MNIST&apos;s test set: {0:.2%} (as its file records).</source>
        <translation>MNIST テストデータ：{0:.2%}（ファイルの記録）。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>You have no digits yet: draw one on the Draw &amp; Train page and press its digit key.</source>
        <translation>まだ数字がありません。「描いて学習」ページで数字を描いて、その数字のキーを押してください。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Measuring your {0} digits…</source>
        <translation>{0} 個の数字を測定しています…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>On your {total} digits: {right} right, {accuracy:.1%}.</source>
        <translation>自分の数字 {total} 個：正解 {right} 個、{accuracy:.1%}。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>None of your digits is held out yet (about one in five is): add more for an honest figure after fine-tuning.</source>
        <translation>取り置いた数字はまだありません（約 5 個に 1 個を取り置きます）。微調整後の公正な数値を得るために、数字を追加してください。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>On the {total} held out, never trained on: {right} right, {accuracy:.1%}.</source>
        <translation>学習に使わない取り置きの数字 {total} 個：正解 {right} 個、{accuracy:.1%}。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>({0} held-out digits left out: this model trained on them.)</source>
        <translation>（取り置いた数字のうち {0} 個は除外：このモデルはそれらで学習済みです。）</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Before</source>
        <translation>微調整前</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>After</source>
        <translation>微調整後</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>not recorded</source>
        <translation>記録なし</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>none held out</source>
        <translation>取り置きなし</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{0} of {1}, {2:.1%}</source>
        <translation>{1} 個中 {0} 個、{2:.1%}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{when}: MNIST test {mnist} · my held-out digits {mine}</source>
        <translation>{when}：MNIST テスト {mnist} · 取り置いた自分の数字 {mine}</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>Measuring my digits failed</source>
        <translation>自分の数字の測定に失敗しました</translation>
    </message>
    <message>
        <location line="+67"/>
        <source>Fine-tuning did not finish: the model shown is the one before.</source>
        <translation>微調整は完了しませんでした。表示中のモデルは微調整前のものです。</translation>
    </message>
</context>
<context>
    <name>MyDigitsStore</name>
    <message>
        <location filename="../gui/my_digits.py" line="+82"/>
        <source>{0} My digits starts empty.</source>
        <translation>{0} 「自分の数字」は空の状態で始まります。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>{0} could not be read and could not be renamed aside ({1}), so it is left untouched and nothing you add is saved until it is moved away.</source>
        <translation>{0} を読み込めず、名前を変えて退避することもできませんでした（{1}）。そのためファイルはそのままにしてあり、移動するまでは追加した数字は保存されません。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{0} {1}</source>
        <translation>{0} {1}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{0} It was renamed {1}, with every byte it held, and My digits starts empty; new digits go to a new {2}.</source>
        <translation>{0} ファイルは内容をすべて保ったまま {1} に名前を変更しました。「自分の数字」は空の状態で始まり、新しい数字は新しい {2} に保存されます。</translation>
    </message>
    <message>
        <location line="+45"/>
        <source>{0} Your digits are kept here meanwhile: the next change tries again to save them all, and Export on the My digits page saves them elsewhere.</source>
        <translation>{0} その間も数字はここに保持されます。次に変更したときにすべての保存を再試行します。また、「自分の数字」ページの「書き出し」で別の場所に保存できます。</translation>
    </message>
</context>
<context>
    <name>NetworkInputView</name>
    <message>
        <location filename="../gui/prediction_view.py" line="-302"/>
        <source>Network input, 28 by 28 pixels</source>
        <translation>ネットワークへの入力（28×28 ピクセル）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The 28x28 image the network actually reads: your drawing scaled into a 20x20 box and centred by its centre of mass, as MNIST digits are.</source>
        <translation>ネットワークが実際に読む 28×28 の画像です。MNIST の数字と同じように、手書きを 20×20 の枠に縮小し、重心が中央に来るように配置しています。</translation>
    </message>
</context>
<context>
    <name>Presets</name>
    <message>
        <location filename="../gui/preset_texts.py" line="+11"/>
        <source>Chapter 5&apos;s run: 784-50-10 ReLU, SGD lr 0.1, batch 100, 10000 iterations.</source>
        <translation>本書 5 章の学習：784-50-10 ReLU、SGD 学習率 0.1、バッチ 100、10000 イテレーション。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Three 3x3 convolution blocks (32, 64 and 128 filters, each with 2x2 max pooling, batch norm and ReLU), 128 ReLU with dropout 0.3, 10. Adam lr 0.002 decaying x0.75 per epoch, batch 100, 12 epochs, augmented data: 99.4% or more.</source>
        <translation>3x3 の畳み込みブロック 3 つ（フィルター 32、64、128 個。それぞれ 2x2 Max プーリング、バッチ正規化、ReLU 付き）、ReLU 128（Dropout 0.3）、10。Adam 学習率 0.002（エポックごとに x0.75 で減衰）、バッチ 100、12 エポック、データ拡張あり：99.4% 以上。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>For a lesson: 99% on MNIST in about 15 seconds on two cores. Two 5x5 convolution blocks (16 and 32 filters, each with 2x2 max pooling, batch norm and ReLU), then 10 outputs. Adam lr 0.005 falling linearly to 0, batch 50, 1 epoch.</source>
        <translation>レッスン用：2 コアで約 15 秒、MNIST で 99%。5x5 の畳み込みブロック 2 つ（フィルター 16、32 個。それぞれ 2x2 Max プーリング、バッチ正規化、ReLU 付き）の後に出力 10。Adam 学習率 0.005（0 まで直線的に減少）、バッチ 50、1 エポック。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>784-100-100-10 ReLU (He init), SGD with momentum 0.9, lr 0.05, batch 100, 10 epochs.</source>
        <translation>784-100-100-10 ReLU（He の初期値）、Momentum 0.9 の SGD、学習率 0.05、バッチ 100、10 エポック。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>784-512-256-10 ReLU, dropout 0.2, Adam lr 0.001 decaying x0.8 per epoch, batch 100, 12 epochs: about 98.5% on MNIST in well under a minute on two cores.</source>
        <translation>784-512-256-10 ReLU、Dropout 0.2、Adam 学習率 0.001（エポックごとに x0.8 で減衰）、バッチ 100、12 エポック：2 コアで 1 分もかからずに MNIST で約 98.5%。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The book&apos;s SimpleConvNet: conv 30x5x5, ReLU, 2x2 max pooling, 100 ReLU, 10. Adam lr 0.001 decaying x0.7 per epoch, batch 100, 6 epochs: about 99% on MNIST.</source>
        <translation>本書の SimpleConvNet：畳み込み 30x5x5、ReLU、2x2 Max プーリング、ReLU 100、10。Adam 学習率 0.001（エポックごとに x0.7 で減衰）、バッチ 100、6 エポック：MNIST で約 99%。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The book&apos;s TwoLayerNet 784-50-10 (ReLU, init 0.01), SGD lr 0.1, batch 100, 17 epochs.</source>
        <translation>本書の TwoLayerNet 784-50-10（ReLU、重みの初期値 0.01）、SGD 学習率 0.1、バッチ 100、17 エポック。</translation>
    </message>
</context>
<context>
    <name>ProbabilityBars</name>
    <message>
        <location filename="../gui/prediction_view.py" line="+63"/>
        <source>Class probabilities</source>
        <translation>クラスごとの確率</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The network&apos;s probability for each class: the softmax output, which always adds up to 100%, even for a scribble.</source>
        <translation>各クラスに対するネットワークの確率です。ソフトマックスの出力なので、落書きでも合計は必ず 100% になります。</translation>
    </message>
    <message>
        <location line="+63"/>
        <source>no prediction</source>
        <translation>予測なし</translation>
    </message>
</context>
<context>
    <name>RegressionLesson</name>
    <message>
        <location filename="../gui/pages/learn/regression.py" line="+47"/>
        <source>The warm-up, three ways</source>
        <translation>ウォームアップを 3 通りで</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>PyTorch&apos;s warm-up network: 64 random inputs of 1,000 numbers, a hidden layer of 100 ReLU units, 10 outputs, no biases, trained by plain SGD (learning rate 1e-4) for 300 steps on the whole batch. Data and weights are drawn after np.random.seed(1). The same training is written three ways: (a) backprop written out by hand, as the tutorial does; (b) the engine&apos;s layers; (c) the engine&apos;s Trainer. The loss is the mean of the squared errors (the engine&apos;s MeanSquaredError, PyTorch&apos;s MSELoss), not the tutorial&apos;s sum: the hand-written code divides by the 640 outputs too, so all three compute the same numbers and their curves coincide.</source>
        <translation>PyTorch のウォームアップ用ネットワーク：1,000 個の数値からなるランダムな入力 64 個、ReLU ユニット 100 個の隠れ層、出力 10 個、バイアスなし。素の SGD（学習率 1e-4）で、バッチ全体を使って 300 ステップ学習させます。データと重みは np.random.seed(1) のあとに生成します。同じ学習を 3 通りに書いています：(a) チュートリアルと同じく誤差逆伝播法を手で書いたもの、(b) エンジンの層を使ったもの、(c) エンジンの Trainer を使ったもの。損失はチュートリアルの二乗和ではなく平均二乗誤差（エンジンの MeanSquaredError、PyTorch の MSELoss）です。手書きのコードも 640 個の出力で割るので、3 つとも同じ数値を計算し、曲線は重なります。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>&amp;Start training</source>
        <translation>学習を開始(&amp;S)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Start training the warm-up three ways</source>
        <translation>ウォームアップを 3 通りで学習開始</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Train the warm-up network for 300 steps in each of the three ways, from the same weights, and draw the three loss curves.</source>
        <translation>同じ重みから、3 通りそれぞれでウォームアップ用ネットワークを 300 ステップ学習させ、3 本の損失曲線を描きます。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Sto&amp;p</source>
        <translation>停止(&amp;P)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stop training the warm-up</source>
        <translation>ウォームアップの学習を停止</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stop the warm-up&apos;s training; Start begins again from the first step.</source>
        <translation>ウォームアップの学習を停止します。「学習を開始」を押すと最初のステップからやり直します。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Warm-up training progress</source>
        <translation>ウォームアップの学習の進捗</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Steps trained so far, the three ways together.</source>
        <translation>これまでに学習したステップ数（3 通りの合計）。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Press Start to train.</source>
        <translation>「学習を開始」を押すと学習します。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Warm-up result</source>
        <translation>ウォームアップの結果</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Loss before each step (log scale)</source>
        <translation>各ステップ前の損失（対数目盛）</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+66"/>
        <source>loss</source>
        <translation>損失</translation>
    </message>
    <message>
        <location line="-66"/>
        <source>step</source>
        <translation>ステップ</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>The sum/product toy, and dead ReLUs</source>
        <translation>和と積の例題と、死んだ ReLU</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A network of two inputs, two hidden ReLU units and two outputs learns x1 + x2 and x1 × x2 from {samples} random pairs in [0, 1) (squared error, SGD with learning rate {lr}, {epochs} full-batch epochs). The seed draws the pairs and the first weights.</source>
        <translation>入力 2 つ、ReLU の隠れユニット 2 つ、出力 2 つのネットワークが、[0, 1) の範囲のランダムな組 {samples} 個から x1 + x2 と x1 × x2 を学習します（二乗誤差、学習率 {lr} の SGD、バッチ全体で {epochs} エポック）。シードによって組と最初の重みが決まります。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Dead ReLUs: a hidden unit that is not positive for any input outputs 0 and passes no gradient back, so its weights never change again. With seeds 0, 4 and 5 (of 0-9) both units end dead: the output is a constant, and the loss stalls near 0.1. Seed 0 starts dead; seed 5 starts alive and dies while training.</source>
        <translation>死んだ ReLU：どの入力に対しても正にならない隠れユニットは 0 を出力し、勾配を逆に伝えないため、その重みは二度と変わりません。シード 0、4、5（0〜9 のうち）では最後に両方のユニットが死に、出力は定数になって、損失は 0.1 付近で止まります。シード 0 は最初から死んでおり、シード 5 は最初は生きていて学習中に死にます。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Seed of the sum/product toy</source>
        <translation>和と積の例題のシード</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The random seed that draws the toy&apos;s inputs and first weights; press Enter to train with it.</source>
        <translation>例題の入力と最初の重みを決める乱数のシードです。Enter を押すとこのシードで学習します。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>See&amp;d:</source>
        <translation>シード(&amp;D)：</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>T&amp;rain with this seed</source>
        <translation>このシードで学習(&amp;R)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Train the sum/product toy</source>
        <translation>和と積の例題を学習</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Train the sum/product network from the seed in the box.</source>
        <translation>入力欄のシードから、和と積のネットワークを学習させます。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Show d&amp;ying ReLUs (seed {0})</source>
        <translation>死ぬ ReLU を表示（シード {0}）(&amp;Y)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Train with a seed that kills both hidden units</source>
        <translation>両方の隠れユニットが死ぬシードで学習</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Train with seed {0}: both hidden units are alive at the start and dead at the end.</source>
        <translation>シード {0} で学習します。両方の隠れユニットが、最初は生きていて最後には死にます。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Sum/product training progress</source>
        <translation>和と積の学習の進捗</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Epochs of the sum/product toy trained so far.</source>
        <translation>これまでに学習した和と積の例題のエポック数。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Sum/product result</source>
        <translation>和と積の結果</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Loss before each epoch (log scale)</source>
        <translation>各エポック前の損失（対数目盛）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>epoch</source>
        <translation>エポック</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Prediction against the truth</source>
        <translation>予測と正解の比較</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>prediction</source>
        <translation>予測</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>truth</source>
        <translation>正解</translation>
    </message>
    <message>
        <location line="+6"/>
        <location line="+183"/>
        <source>x1 + x2</source>
        <translation>x1 + x2</translation>
    </message>
    <message>
        <location line="-180"/>
        <location line="+181"/>
        <source>x1 × x2</source>
        <translation>x1 × x2</translation>
    </message>
    <message>
        <location line="-179"/>
        <source>Inputs that make each hidden unit positive</source>
        <translation>各隠れユニットを正にする入力</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Predictions on a grid of inputs</source>
        <translation>格子状の入力に対する予測</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The code that trained it</source>
        <translation>学習に使ったコード</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Hidden units: of the {0} inputs, how many make each one positive</source>
        <translation>隠れユニット：{0} 個の入力のうち、それぞれを正にする入力の数</translation>
    </message>
    <message>
        <location line="+55"/>
        <source>Training the three ways…</source>
        <translation>3 通りで学習しています…</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Training the warm-up failed</source>
        <translation>ウォームアップの学習に失敗しました</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Step {0} of {1}: {2}</source>
        <translation>ステップ {0} / {1}：{2}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>largest difference between the curves: {0} (a relative {1} of the loss).</source>
        <translation>曲線間の最大の差：{0}（損失に対する相対値 {1}）。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{steps} steps each: the loss fell from {first} to {last}; {difference} What differs is float32 rounding: the three ways compute the same numbers.</source>
        <translation>各 {steps} ステップ：損失は {first} から {last} に下がりました。{difference} 違いは float32 の丸めによるもので、3 通りとも同じ数値を計算しています。</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Stopped after {0} steps. Start trains again from the first step.</source>
        <translation>{0} ステップで停止しました。「学習を開始」で最初のステップから学習し直します。</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Training with seed {0}…</source>
        <translation>シード {0} で学習しています…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Training the sum/product toy failed</source>
        <translation>和と積の例題の学習に失敗しました</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>before training</source>
        <translation>学習前</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>after training</source>
        <translation>学習後</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>unit {0}</source>
        <translation>ユニット {0}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>x1</source>
        <translation>x1</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>x2</source>
        <translation>x2</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>predicted sum</source>
        <translation>和の予測</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>predicted product</source>
        <translation>積の予測</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Seed {seed}: both hidden units are dead after training (positive on {first} and {second} of the {samples} inputs). The output is a constant and the loss stalls at {loss}.</source>
        <translation>シード {seed}：学習後、両方の隠れユニットが死んでいます（{samples} 個の入力のうち、正になるのは {first} 個と {second} 個）。出力は定数になり、損失は {loss} で止まっています。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Seed {seed}: hidden unit {dead} is dead after training (positive on {dead_count} of the {samples} inputs); unit {alive} (positive on {alive_count}) fits alone: final loss {loss}.</source>
        <translation>シード {seed}：学習後、隠れユニット {dead} が死んでいます（{samples} 個の入力のうち、正になるのは {dead_count} 個）。ユニット {alive}（正になるのは {alive_count} 個）だけで近似しています：最終損失 {loss}。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Seed {seed}: both hidden units are alive after training (positive on {first} and {second} of the {samples} inputs): final loss {loss}.</source>
        <translation>シード {seed}：学習後も両方の隠れユニットが生きています（{samples} 個の入力のうち、正になるのは {first} 個と {second} 個）：最終損失 {loss}。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Training the toy was stopped.</source>
        <translation>例題の学習を停止しました。</translation>
    </message>
</context>
<context>
    <name>RunStatusView</name>
    <message>
        <location filename="../gui/run_status.py" line="+142"/>
        <source>Training progress</source>
        <translation>学習の進捗</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>How much of the run is done.</source>
        <translation>学習の実行がどこまで進んだかを示します。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Training progress figures</source>
        <translation>学習の進捗の数値</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The share done, the speed in iterations (batches) per second, and the time left.</source>
        <translation>進んだ割合、1 秒あたりのイテレーション数（バッチ数）、残り時間です。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>S&amp;kip measuring</source>
        <translation>測定をスキップ(&amp;K)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Skip measuring the final accuracy on every image and keep the last epoch&apos;s figures instead.</source>
        <translation>全画像での最終的な認識精度の測定をスキップし、代わりに最後のエポックの数値を使います。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Skip measuring</source>
        <translation>測定をスキップ</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Training summary</source>
        <translation>学習の概要</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Device notice</source>
        <translation>デバイスに関する通知</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>Not training.</source>
        <translation>学習していません。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Not training. Choose settings and press Start (F5).</source>
        <translation>学習していません。設定を選んで「学習を開始」(F5) を押してください。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Loading the dataset and building the network…</source>
        <translation>データセットを読み込み、ネットワークを構築しています…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>loading</source>
        <translation>読み込み中</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>paused · {0}</source>
        <translation>一時停止中 · {0}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stopping after the current iteration…</source>
        <translation>現在のイテレーションが終わったら停止します…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>stopping</source>
        <translation>停止中</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Measuring the final accuracy on every test and training image…</source>
        <translation>すべてのテスト画像と訓練画像で、最終的な認識精度を測定しています…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>measuring</source>
        <translation>測定中</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>measuring {0:.0%}</source>
        <translation>測定中 {0:.0%}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Measuring the final accuracy: {0:,} of {1:,} images…</source>
        <translation>最終的な認識精度を測定中：{1:,} 枚中 {0:,} 枚…</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Finished ({0}) after {1:,} iterations in {2}</source>
        <translation>終了（{0}）、{1:,} イテレーション、{2}</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+73"/>
        <source>test accuracy {0:.2%}</source>
        <translation>テスト精度 {0:.2%}</translation>
    </message>
    <message>
        <location line="-71"/>
        <source>(the last epoch&apos;s figure: the final measurement was skipped)</source>
        <translation>（最後のエポックの数値。最終測定はスキップしました）</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>done</source>
        <translation>完了</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>stopped at {0}</source>
        <translation>{0} で停止</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>failed</source>
        <translation>失敗</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Training failed; the network keeps the weights it had reached.</source>
        <translation>学習に失敗しました。ネットワークは到達した時点の重みを保持しています。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Training failed before it began; nothing changed.</source>
        <translation>学習は開始前に失敗しました。何も変更されていません。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Stopped before training began; nothing changed.</source>
        <translation>学習が始まる前に停止しました。何も変わっていません。</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>starting</source>
        <translation>開始中</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{0} · {1:,.0f} it/s · {2} left</source>
        <translation>{0} · {1:,.0f} it/s · 残り {2}</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Starting</source>
        <translation>開始中</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Iteration {0:,}/{1:,}</source>
        <translation>イテレーション {0:,}/{1:,}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Epoch {0}/{1}</source>
        <translation>エポック {0}/{1}</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>train accuracy {0:.2%}</source>
        <translation>訓練精度 {0:.2%}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>loss {0:.4f}</source>
        <translation>損失 {0:.4f}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Paused at iteration {0:,}</source>
        <translation>イテレーション {0:,} で一時停止</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Paused</source>
        <translation>一時停止中</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>. One step: the loss of its batch went from {0:.4f} to {1:.4f}. Step again (F7) or resume (F6).</source>
        <translation>。1 ステップ：このバッチの損失は {0:.4f} から {1:.4f} になりました。もう一度ステップ (F7) するか、再開 (F6) してください。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>. The drawing is read with the weights so far; the learning rate, its decay and weight decay can be changed now; Step (F7) trains one iteration.</source>
        <translation>。手書きの数字はここまでの重みで読み取ります。学習率とその減衰率、荷重減衰は今変更できます。ステップ (F7) で 1 イテレーションだけ学習します。</translation>
    </message>
</context>
<context>
    <name>SettingsForm</name>
    <message>
        <location filename="../gui/train_panel.py" line="+41"/>
        <source>not a number</source>
        <translation>数値でない</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>out of range</source>
        <translation>範囲外</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>not a whole number</source>
        <translation>整数でない</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>{0} (for a lesson)</source>
        <translation>{0}（レッスン用）</translation>
    </message>
    <message>
        <location line="+58"/>
        <source>Settings description</source>
        <translation>設定の説明</translation>
    </message>
    <message>
        <location line="-116"/>
        <location line="+1"/>
        <location line="+118"/>
        <source>Training length</source>
        <translation>学習の長さ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>How long to train: passes over all training images (epochs), or updates (iterations, one batch each), as the book&apos;s chapter 5 counts them.</source>
        <translation>学習する長さ：訓練画像全体を何周するか（エポック）、または何回更新するか（イテレーション、1 回に 1 バッチ）。本書 5 章の数え方です。</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+217"/>
        <source>epochs</source>
        <translation>エポック</translation>
    </message>
    <message>
        <location line="-216"/>
        <location line="+217"/>
        <source>iterations</source>
        <translation>イテレーション</translation>
    </message>
    <message>
        <location line="-216"/>
        <source>Training length unit</source>
        <translation>学習の長さの単位</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Epochs: passes over all training images. Iterations: updates, one batch each.</source>
        <translation>エポック：訓練画像全体を何周するか。イテレーション：更新の回数（1 回に 1 バッチ）。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>all</source>
        <translation>すべて</translation>
    </message>
    <message>
        <location line="-125"/>
        <location line="+127"/>
        <location line="+104"/>
        <source>Training images</source>
        <translation>訓練画像</translation>
    </message>
    <message>
        <location line="-103"/>
        <source>Train on only this many training images, picked at random by the seed. A small set is learnt by heart: training accuracy climbs to 100% while test accuracy stays behind. That gap is overfitting.</source>
        <translation>訓練画像のうちこの枚数だけで学習します（シードでランダムに選びます）。少ないと丸暗記してしまい、訓練精度は 100% まで上がるのにテスト精度は取り残されます。この差が過学習です。</translation>
    </message>
    <message>
        <location line="-127"/>
        <location line="+130"/>
        <location line="+101"/>
        <source>Label noise</source>
        <translation>ラベルノイズ</translation>
    </message>
    <message>
        <location line="-304"/>
        <source>ReLU: max(0, x). Fast to train and the usual choice.</source>
        <translation>ReLU：max(0, x)。学習が速く、標準的な選択です。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Sigmoid: 1/(1+e^-x). Saturates, so deep networks learn slowly.</source>
        <translation>Sigmoid：1/(1+e^-x)。飽和するため、深いネットワークは学習が遅くなります。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Tanh: centred sigmoid; learns faster than sigmoid, slower than ReLU.</source>
        <translation>Tanh：中心を 0 にした Sigmoid。Sigmoid より速く、ReLU より遅く学習します。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Plain gradient descent: W -= lr * gradient.</source>
        <translation>単純な勾配降下法：W -= lr * gradient。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>SGD with momentum 0.9: keeps moving in consistent directions.</source>
        <translation>Momentum 0.9 の SGD：同じ向きに進み続けようとします。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Nesterov momentum: looks ahead before stepping, a little steadier.</source>
        <translation>Nesterov の Momentum：一歩先を見てから進むため、少し安定します。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>AdaGrad: a per-weight step that shrinks for often-updated weights.</source>
        <translation>AdaGrad：重みごとの更新幅が、よく更新される重みほど小さくなります。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>RMSprop: a per-weight step from a running average of squared gradients.</source>
        <translation>RMSprop：重みごとの更新幅を、勾配の二乗の移動平均から決めます。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Adam: momentum plus RMSprop; robust with lr around 0.001.</source>
        <translation>Adam：Momentum と RMSprop の組み合わせ。学習率 0.001 前後で安定します。</translation>
    </message>
    <message>
        <location line="+39"/>
        <location line="+70"/>
        <source>Hidden layers</source>
        <translation>隠れ層</translation>
    </message>
    <message>
        <location line="-69"/>
        <location line="+72"/>
        <source>Activation</source>
        <translation>活性化関数</translation>
    </message>
    <message>
        <location line="-71"/>
        <location line="+89"/>
        <source>Optimizer</source>
        <translation>最適化手法</translation>
    </message>
    <message>
        <location line="-88"/>
        <location line="+72"/>
        <source>Dropout</source>
        <translation>Dropout</translation>
    </message>
    <message>
        <location line="-71"/>
        <location line="+89"/>
        <source>Learning rate</source>
        <translation>学習率</translation>
    </message>
    <message>
        <location line="-88"/>
        <location line="+91"/>
        <source>Learning-rate decay</source>
        <translation>学習率の減衰</translation>
    </message>
    <message>
        <location line="-90"/>
        <location line="+93"/>
        <source>Weight decay</source>
        <translation>荷重減衰</translation>
    </message>
    <message>
        <location line="-92"/>
        <location line="+94"/>
        <source>Batch size</source>
        <translation>バッチサイズ</translation>
    </message>
    <message>
        <location line="-93"/>
        <location line="+99"/>
        <source>Seed</source>
        <translation>シード</translation>
    </message>
    <message>
        <location line="-96"/>
        <location line="+67"/>
        <source>Batch normalization</source>
        <translation>バッチ正規化</translation>
    </message>
    <message>
        <location line="-66"/>
        <location line="+70"/>
        <source>Augment data</source>
        <translation>データ拡張</translation>
    </message>
    <message>
        <location line="-69"/>
        <location line="+74"/>
        <location line="+1"/>
        <source>Elastic distortion</source>
        <translation>弾性変形</translation>
    </message>
    <message>
        <location line="-74"/>
        <location line="+101"/>
        <location line="+139"/>
        <source>Dataset folder</source>
        <translation>データセット</translation>
    </message>
    <message>
        <location line="-239"/>
        <location line="+155"/>
        <location line="+12"/>
        <location line="+6"/>
        <source>Device</source>
        <translation>デバイス</translation>
    </message>
    <message>
        <location line="-124"/>
        <source>Model preset</source>
        <translation>モデルのプリセット</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A starting point: choosing one fills in every field below with its tested values.</source>
        <translation>出発点です。選ぶと、下のすべての欄にテスト済みの値が入ります。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Neurons in each hidden layer, e.g. 512, 256: more and wider layers can learn more but train slower and overfit sooner.</source>
        <translation>各隠れ層のニューロン数です（例：512, 256）。層を増やしたり広げたりすると多くを学習できますが、学習が遅くなり、過学習も早く起こります。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The non-linearity after each hidden layer.</source>
        <translation>各隠れ層の後に置く非線形関数です。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Share of hidden neurons switched off at random in each step: fights overfitting.</source>
        <translation>各ステップでランダムに無効にする隠れニューロンの割合です。過学習を抑えます。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Batch normali&amp;zation</source>
        <translation>バッチ正規化(&amp;Z)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Normalize each hidden layer&apos;s inputs per batch: allows larger learning rates and trains faster.</source>
        <translation>各隠れ層の入力をバッチごとに正規化します。大きな学習率を使えるようになり、学習が速くなります。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A&amp;ugment data</source>
        <translation>データ拡張(&amp;U)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Shift, rotate and scale every training image a little at random, so the network also reads digits drawn off-centre, tilted or larger: slower to learn, better on real drawings.</source>
        <translation>訓練画像をそれぞれランダムに少しずらし、回転させ、拡大縮小します。中心からずれた数字、傾いた数字、大きく描いた数字もネットワークが読めるようになります。学習は遅くなりますが、実際の手書きに強くなります。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>With augmentation, also bend the strokes a little, the way a hand wobbles.</source>
        <translation>データ拡張のとき、手の揺れのように線も少し曲げます。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>How the gradient turns into a weight update.</source>
        <translation>勾配から重みの更新を求める方法です。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Step size of each update: too small learns slowly, too large makes the loss jump or explode.</source>
        <translation>1 回の更新の大きさです。小さすぎると学習が遅く、大きすぎると損失が跳ねたり発散したりします。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Multiply the learning rate by this after every epoch (1 = constant): big steps first, fine ones at the end.</source>
        <translation>エポックごとに学習率にこの値を掛けます（1 = 一定）。最初は大きく、最後は細かく更新します。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>L2 penalty pulling weights towards zero: a simpler model, less overfitting.</source>
        <translation>重みを 0 に近づける L2 ペナルティです。モデルが単純になり、過学習が減ります。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Images per update: larger batches give smoother gradients but fewer updates per epoch.</source>
        <translation>1 回の更新に使う画像の枚数です。バッチが大きいほど勾配は滑らかになりますが、1 エポックあたりの更新回数は減ります。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Random seed for the initial weights, the shuffling and dropout: the same seed repeats a run exactly.</source>
        <translation>重みの初期値、シャッフル、ドロップアウトに使う乱数のシードです。同じシードなら、同じ学習をそのまま再現できます。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The folder with the four MNIST-format files to train and test on (MNIST is built in; Fashion-MNIST works too).</source>
        <translation>学習とテストに使う MNIST 形式の 4 つのファイルが入ったフォルダーです（MNIST は内蔵。Fashion-MNIST も使えます）。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Browse…</source>
        <translation>参照…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Browse for a dataset folder</source>
        <translation>データセットのフォルダーを参照</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Choose another folder of MNIST-format files.</source>
        <translation>MNIST 形式のファイルが入った別のフォルダーを選びます。</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>The share of training labels changed at random to another digit, e.g. 0.2: the network learns the wrong answers too, and the test accuracy shows what it costs. The test set is never changed.</source>
        <translation>訓練データのラベルをランダムに別の数字へ変える割合（例：0.2）。ネットワークは誤った答えも学習し、その代償がテスト精度に表れます。テストデータは変更しません。</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>CPU (NumPy)</source>
        <translation>CPU（NumPy）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Looking for a GPU…</source>
        <translation>GPU を探しています…</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Training runs on the CPU. No GPU: {0}.</source>
        <translation>学習は CPU で行います。GPU を使えません：{0}。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>GPU: {0} (CuPy)</source>
        <translation>GPU：{0}（CuPy）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Where training runs: the CPU with NumPy, or the NVIDIA GPU ({0}) with CuPy. The same engine runs on both; a model trained on either opens on any PC.</source>
        <translation>学習を行う場所です。NumPy で CPU を使うか、CuPy で NVIDIA GPU（{0}）を使います。どちらでも同じエンジンが動くため、どちらで学習したモデルもどの PC でも開けます。</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>&amp;Preset</source>
        <translation>プリセット(&amp;P)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>H&amp;idden layers</source>
        <translation>隠れ層(&amp;I)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Activation</source>
        <translation>活性化関数(&amp;A)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>D&amp;ropout</source>
        <translation>Dropout(&amp;R)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>See&amp;d</source>
        <translation>シード(&amp;D)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Optimizer</source>
        <translation>最適化手法(&amp;O)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Learning rate</source>
        <translation>学習率(&amp;L)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>LR deca&amp;y/epoch</source>
        <translation>学習率減衰(&amp;Y)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Weight decay</source>
        <translation>荷重減衰(&amp;W)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Batch size</source>
        <translation>バッチサイズ(&amp;B)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Stop after</source>
        <translation>学習の長さ(&amp;S)</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>De&amp;vice</source>
        <translation>デバイス(&amp;V)</translation>
    </message>
    <message>
        <location line="+78"/>
        <source>Preset {0}: {1}</source>
        <translation>プリセット {0}：{1}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Your settings, changed from preset {0}.</source>
        <translation>プリセット {0} から変更した設定です。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Your settings, changed from preset {0}: {1}.</source>
        <translation>プリセット {0} から変更した設定：{1}。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>an MLP with hidden layers {0} ({1})</source>
        <translation>隠れ層 {0} の MLP（{1}）</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+214"/>
        <source>none</source>
        <translation>なし</translation>
    </message>
    <message>
        <location line="-212"/>
        <source>the {0} network</source>
        <translation>{0} ネットワーク</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{0}, {1} with learning rate {2:g}, batches of {3:,}, {4:,} {5}</source>
        <translation>{0}、{1}（学習率 {2:g}）、バッチサイズ {3:,}、{4:,} {5}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>, on {0:,} training images</source>
        <translation>、訓練画像 {0:,} 枚</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>, {0:.0%} of their labels changed</source>
        <translation>、ラベルの {0:.0%} を変更</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>About {0} to train on this PC.</source>
        <translation>このPCでの学習時間は約 {0} です。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>That is long for a lesson: fewer epochs or the mlp preset are quicker.</source>
        <translation>レッスンには長すぎます。エポック数を減らすか、mlp プリセットにすると速くなります。</translation>
    </message>
    <message>
        <location line="+42"/>
        <source>convolutional: see below</source>
        <translation>畳み込み：下の説明を参照</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>write the hidden layer sizes as whole numbers separated by commas, e.g. 512, 256</source>
        <translation>隠れ層のサイズはカンマ区切りの整数で書いてください（例：512, 256）</translation>
    </message>
    <message>
        <location line="+75"/>
        <source>The remembered training settings were unreadable; using the preset&apos;s.</source>
        <translation>記憶していた学習設定を読み取れなかったため、プリセットの値を使います。</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Preset {0} is not one DigitLab knows; using {1}.</source>
        <translation>プリセット {0} は DigitLab にありません。{1} を使います。</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>Hidden layers {0} were not up to {1} whole numbers from 1 to {2:,}; using {3}.</source>
        <translation>隠れ層 {0} が 1〜{2:,} の整数 {1} 個以内になっていないため、{3} を使います。</translation>
    </message>
    <message>
        <location line="+10"/>
        <location line="+7"/>
        <source>not one of the choices</source>
        <translation>選択肢にない</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>not on or off</source>
        <translation>オン/オフでない</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>on</source>
        <translation>オン</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>off</source>
        <translation>オフ</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>not a folder name</source>
        <translation>フォルダー名でない</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>not cpu or gpu</source>
        <translation>cpu/gpu でない</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{0} {1} was {2}; using {3}.</source>
        <translation>{0} の値 {1} は使えません（{2}）。{3} を使います。</translation>
    </message>
</context>
<context>
    <name>SoftmaxLesson</name>
    <message>
        <location filename="../gui/pages/learn/softmax.py" line="+65"/>
        <source>Softmax turns ten scores x into probabilities y that add up to 1 (book 3.5); the cross-entropy loss is −log of the true class&apos;s probability (4.2.2); and the gradient of the two together is simply y − t (5.6.3). Dividing the scores by a temperature T above 1 flattens the probabilities, below 1 sharpens them. Every number below comes from the engine&apos;s SoftmaxWithLoss layer.</source>
        <translation>ソフトマックス関数は 10 個のスコア x を、合計が 1 になる確率 y に変えます（本書 3.5 節）。交差エントロピー誤差は正解クラスの確率の −log です（4.2.2 節）。そして両者を合わせた勾配は単に y − t になります（5.6.3 節）。スコアを温度 T で割ると、T が 1 より大きければ確率は平らに、1 より小さければ鋭くなります。下の数値はすべてエンジンの SoftmaxWithLoss レイヤが計算したものです。</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Score of class {0}</source>
        <translation>クラス {0} のスコア</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The score x of class {0}, from -10 to 10: drag it, or use the arrow keys (0.1) and Page Up/Down (1).</source>
        <translation>クラス {0} のスコア x（-10〜10）。ドラッグするか、矢印キー（0.1 刻み）や Page Up/Down（1 刻み）で変えます。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Score of class {0}, as a number</source>
        <translation>クラス {0} のスコア（数値）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>True label</source>
        <translation>正解ラベル</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The true class t: the loss is −log of its probability, and t is 1 there in y − t.</source>
        <translation>正解クラス t：損失はその確率の −log で、y − t ではそこだけ t が 1 です。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Temperature</source>
        <translation>温度</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The temperature T (0.01 to 10): the layer reads x / T. Type a number and press Enter, or use the arrows.</source>
        <translation>温度 T（0.01〜10）：レイヤは x / T を読みます。数値を入力して Enter を押すか、矢印を使います。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Confident wrong answer</source>
        <translation>自信満々の誤答(&amp;C)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Confident wrong answer</source>
        <translation>自信満々の誤答</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Scores sure of a 3 when the label is 8, at T = 0.01: the probability of the true class underflows to 0, which is what the guard in the log is for.</source>
        <translation>ラベルが 8 なのに 3 だと確信したスコア（T = 0.01）：正解クラスの確率がアンダーフローして 0 になります。log の中の微小値はこのためにあります。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Start over</source>
        <translation>最初から(&amp;S)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Start over</source>
        <translation>最初から</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Put back the first scores, label 7 and temperature 1.</source>
        <translation>最初のスコア、ラベル 7、温度 1 に戻します。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Scores, probabilities and gradient</source>
        <translation>スコア・確率・勾配</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>For each class: the score the layer reads (x / T), its probability y and the gradient y − t that backward returns.</source>
        <translation>各クラスについて、レイヤが読むスコア（x / T）、その確率 y、backward が返す勾配 y − t。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Probabilities y = softmax(x / T)</source>
        <translation>確率 y = softmax(x / T)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The probability of each class; the true label&apos;s bar is orange.</source>
        <translation>各クラスの確率。正解ラベルの棒はオレンジ色です。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Gradient y − t from backward()</source>
        <translation>backward() の勾配 y − t</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The gradient of the loss with respect to each score (for N = 1): y − t, negative only at the true label.</source>
        <translation>各スコアについての損失の勾配（N = 1 のとき）：y − t。正解ラベルでだけ負になります。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Loss</source>
        <translation>損失</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Why a small constant guards the log</source>
        <translation>log に微小値を足す理由</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>When the network is very sure of a wrong class, the true class&apos;s probability can underflow to exactly 0 in float64, and −log(0) = inf would make the whole batch&apos;s loss inf. The book adds 1e-7 inside the log, so one example costs at most −log(1e-7) = {0}. The price: the loss comes out lower than the exact one, by about 1e-7 / y_t, which matters only when y_t itself is tiny.</source>
        <translation>ネットワークが誤ったクラスを強く確信すると、正解クラスの確率は float64 でちょうど 0 にアンダーフローすることがあり、−log(0) = inf でバッチ全体の損失が inf になってしまいます。本書では log の中に 1e-7 を足すので、1 つのデータの損失は最大でも −log(1e-7) = {0} です。その代わり、損失は正確な値より約 1e-7 / y_t だけ小さくなりますが、これが効くのは y_t 自体がごく小さいときだけです。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>With the guard, −log(y_t + 1e-7):</source>
        <translation>微小値あり −log(y_t + 1e-7)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Without it, −log(y_t):</source>
        <translation>微小値なし −log(y_t)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Exact, logsumexp(x) − x_t:</source>
        <translation>正確な値 logsumexp(x) − x_t：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Exact − guarded:</source>
        <translation>正確な値 − 微小値あり：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Guard / y_t:</source>
        <translation>微小値 / y_t：</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>What the guard does here</source>
        <translation>ここでの微小値の効果</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>&amp;Label t:</source>
        <translation>ラベル t(&amp;L)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Te&amp;mperature T:</source>
        <translation>温度 T(&amp;M)：</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Scores x</source>
        <translation>スコア x</translation>
    </message>
    <message>
        <location line="+102"/>
        <source>Loss for label {0}: −log(y_{0} + {1}) = −log({2} + {1}) = {3}</source>
        <translation>ラベル {0} の損失：−log(y_{0} + {1}) = −log({2} + {1}) = {3}</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>x / T</source>
        <translation>x / T</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>y</source>
        <translation>y</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>y − t</source>
        <translation>y − t</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Here y_{0} underflowed to 0: without the guard the loss is {1}; with it the loss stops at {2}, while the exact loss is {3}. The gradient y − t is still right, since backward never takes the log.</source>
        <translation>ここでは y_{0} が 0 にアンダーフローしました。微小値なしでは損失は {1} ですが、微小値ありでは {2} で止まります（正確な損失は {3}）。backward は log を取らないので、勾配 y − t は正しいままです。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Here y_{0} = {4}, so the guard costs little: the guarded loss is lower than the exact one by {5}, close to guard / y_{0} = {6}.</source>
        <translation>ここでは y_{0} = {4} なので、微小値の影響はわずかです。微小値ありの損失は正確な値より {5} 小さく、微小値 / y_{0} = {6} に近い値です。</translation>
    </message>
</context>
<context>
    <name>Tables</name>
    <message>
        <location filename="../gui/tables.py" line="+10"/>
        <source>Select all of {0}</source>
        <translation>{0} をすべて選択</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Selects every cell of {0}, to copy them.</source>
        <translation>{0} のすべてのセルを選択し、コピーできるようにします。</translation>
    </message>
</context>
<context>
    <name>TrainPanel</name>
    <message>
        <location filename="../gui/train_panel.py" line="+29"/>
        <source>Why training cannot start</source>
        <translation>学習を開始できない理由</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>&amp;Start training</source>
        <translation>学習を開始(&amp;S)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Train a new network with these settings, starting from random weights (F5).</source>
        <translation>この設定で、ランダムな重みから新しいネットワークを学習させます (F5)。</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+124"/>
        <source>&amp;Pause</source>
        <translation>一時停止(&amp;P)</translation>
    </message>
    <message>
        <location line="-123"/>
        <source>Pause or resume training; the weights so far keep reading your drawing (F6). The learning rate can be changed while a run goes or is paused.</source>
        <translation>学習を一時停止または再開します。その間もここまでの重みで手書きの数字を読み取ります (F6)。学習率は実行中や一時停止中にも変更できます。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>St&amp;ep</source>
        <translation>ステップ(&amp;E)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>While paused: train exactly one iteration (one batch) and stay paused; the status says how the loss of that batch changed (F7).</source>
        <translation>一時停止中：ちょうど 1 イテレーション（1 バッチ）だけ学習し、一時停止のままにします。そのバッチの損失がどう変わったかを状態表示に示します (F7)。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>S&amp;top</source>
        <translation>停止(&amp;T)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>End training now and keep the network as trained so far (Shift+F5).</source>
        <translation>学習をすぐに終了し、ここまで学習したネットワークを残します (Shift+F5)。</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>Train a network</source>
        <translation>ネットワークを学習させる</translation>
    </message>
    <message>
        <location line="+68"/>
        <source>Cannot start: {0}</source>
        <translation>開始できません：{0}</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>&amp;Resume</source>
        <translation>再開(&amp;R)</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Could not measure how long training would take</source>
        <translation>学習にかかる時間を測定できませんでした</translation>
    </message>
</context>
<context>
    <name>TrainerView</name>
    <message>
        <location filename="../gui/trainer_view.py" line="+6"/>
        <source>Trainer and log</source>
        <translation>Trainer とログ</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Extensions</source>
        <translation>拡張機能</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Extension</source>
        <translation>拡張機能</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Priority</source>
        <translation>優先度</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>When it runs</source>
        <translation>実行タイミング</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>What the Trainer calls after each training step, in this order (higher priority first), and when.</source>
        <translation>Trainer が各学習ステップの後に呼び出すものを、呼び出す順（優先度の高い順）に、そのタイミングとともに示します。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Log</source>
        <translation>ログ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>LogReport&apos;s entries, one per epoch, with the columns PrintReport prints on the command line.</source>
        <translation>LogReport の記録（エポックごとに 1 行）。列は PrintReport がコマンドラインに表示するものと同じです。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The Trainer&apos;s extensions</source>
        <translation>Trainer の拡張機能</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The log (LogReport)</source>
        <translation>ログ (LogReport)</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>The run being trained: its log grows after each epoch.</source>
        <translation>学習中の実行：エポックごとにログが増えていきます。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The run that ended last: the Trainer that ran it and its log.</source>
        <translation>最後に終わった実行：それを実行した Trainer とそのログ。</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>The log the current model&apos;s file records. The extensions show while a run trains.</source>
        <translation>現在のモデルのファイルに記録されたログです。拡張機能は学習の実行中に表示されます。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The current model records no log. Train one (F5) to watch it grow.</source>
        <translation>現在のモデルにはログが記録されていません。学習させる (F5) と、ログが増えていく様子を見られます。</translation>
    </message>
</context>
<context>
    <name>TrainingWorker</name>
    <message>
        <location filename="../gui/workers.py" line="-146"/>
        <source>Training failed</source>
        <translation>学習に失敗しました</translation>
    </message>
</context>
<context>
    <name>WeightsView</name>
    <message>
        <location filename="../gui/inspect_weights.py" line="+77"/>
        <location line="+112"/>
        <source>Weights</source>
        <translation>重み</translation>
    </message>
    <message>
        <location line="-108"/>
        <source>What the network has learned: its weights</source>
        <translation>ネットワークが学習したもの：重み</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Layer whose weights are pictured</source>
        <translation>重みを画像で表示する層</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The layer whose weights are drawn as pictures: the first dense layer, or a convolution.</source>
        <translation>重みを画像として描く層：最初の全結合層か、畳み込み層。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Input channel of the filters</source>
        <translation>フィルターの入力チャンネル</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A filter has one slice per channel of its input: which one to picture.</source>
        <translation>フィルターには入力のチャンネルごとに 1 枚のスライスがあります。どれを表示するかを選びます。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Layer:</source>
        <translation>層(&amp;L)：</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Input &amp;channel:</source>
        <translation>入力チャンネル(&amp;C)：</translation>
    </message>
    <message>
        <location line="+19"/>
        <location line="+12"/>
        <source>Weights as pictures</source>
        <translation>画像で見る重み</translation>
    </message>
    <message>
        <location line="-10"/>
        <source>Colour scale of the weights</source>
        <translation>重みのカラースケール</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Histograms of weights and gradients</source>
        <translation>重みと勾配のヒストグラム</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>{count} units</source>
        <translation>ユニット {count} 個</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{count} filters</source>
        <translation>フィルター {count} 個</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{index}. {name}: {what} of {size}</source>
        <translation>{index}. {name}：{size} の{what}</translation>
    </message>
    <message>
        <location line="+14"/>
        <location line="+115"/>
        <source>Gradients of the last training step</source>
        <translation>直前の学習ステップの勾配</translation>
    </message>
    <message>
        <location line="-106"/>
        <source>{index}. {name}</source>
        <translation>{index}. {name}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Histogram of layer {0}&apos;s weights</source>
        <translation>層 {0} の重みのヒストグラム</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Histogram of layer {0}&apos;s gradients</source>
        <translation>層 {0} の勾配のヒストグラム</translation>
    </message>
    <message>
        <location line="+74"/>
        <source>No model: open one or train one.</source>
        <translation>モデルがありません。開くか、学習させてください。</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Drawing the weights failed</source>
        <translation>重みを描画できませんでした</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>This network has no layer that looks at the image itself (no convolution, no dense first layer): only its histograms are shown.</source>
        <translation>このネットワークには画像そのものを見る層（畳み込み層や最初の全結合層）がないため、ヒストグラムだけを表示します。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Gradients (shown while the network trains)</source>
        <translation>勾配（ネットワークの学習中に表示）</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Each square is one unit&apos;s weights on the 28{0}28 pixels: red pixels push it up, blue ones down.</source>
        <translation>各マスは 1 つのユニットの 28{0}28 ピクセルに対する重みです。赤いピクセルは出力を上げ、青いピクセルは下げます。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Each square is one filter&apos;s weights on input channel {0} of {1}: red pushes its output up, blue down.</source>
        <translation>各マスは 1 つのフィルターの入力チャンネル {0}（全 {1}）に対する重みです。赤は出力を上げ、青は下げます。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{0} pictures, one colour scale (below the caption)</source>
        <translation>{0} 枚の画像、共通のカラースケール（説明文の下）</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>The weights could not be drawn: {0}</source>
        <translation>重みを描画できませんでした：{0}</translation>
    </message>
</context>
<context>
    <name>app</name>
    <message>
        <location filename="../gui/app.py" line="+56"/>
        <source>DigitLab needs a graphical desktop: no display found (DISPLAY and WAYLAND_DISPLAY are not set). Start it from a desktop session, or check it without one with --self-test.</source>
        <translation>DigitLab にはグラフィカルなデスクトップ環境が必要ですが、ディスプレイが見つかりません（DISPLAY と WAYLAND_DISPLAY が設定されていません）。デスクトップのセッションから起動するか、デスクトップなしで --self-test により動作を確認してください。</translation>
    </message>
</context>
<context>
    <name>errors</name>
    <message>
        <location filename="../gui/errors.py" line="+103"/>
        <source>DigitLab: unexpected error</source>
        <translation>DigitLab：予期しないエラー</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Something went wrong inside DigitLab (a bug): {0}

Details were printed to the terminal. Your work so far is kept.</source>
        <translation>DigitLab の内部で問題が発生しました（バグです）：{0}

詳細はターミナルに出力しました。ここまでの作業はそのまま残っています。</translation>
    </message>
</context>
<context>
    <name>help</name>
    <message>
        <location filename="../gui/help.py" line="+208"/>
        <source>&amp;Start training</source>
        <translation>学習を開始(&amp;S)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Pause training</source>
        <translation>学習を一時停止(&amp;P)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>S&amp;top training</source>
        <translation>学習を停止(&amp;T)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;Training</source>
        <translation>学習(&amp;T)</translation>
    </message>
</context>
</TS>
